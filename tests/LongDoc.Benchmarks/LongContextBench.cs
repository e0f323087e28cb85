using System.Diagnostics;
using System.Globalization;
using LongDoc.Runtime.Benchmarking;
using LongDoc.Runtime.Models;
using LongDoc.Runtime.Sparse;
using LongDoc.Testing.Oracle;

namespace LongDoc.Benchmarks;

/// <summary>
/// --long L: time to prefill L tokens (batches of 512) and decode tokens/s at L, for ours dense, ours block-sparse
/// (default settings, or --sparse-budget; --dense-layers A/B runs one sparse row per set of dense layers, e.g. 0,1/none)
/// and llama.cpp with flash attention on, in one run on one model. On a model with a DSA indexer (deepseek32, glm-dsa)
/// the sparse row is the model's own selection ("ours native (DSA)"; llama.cpp applies it as a mask over dense MLA). Prints seconds per prefill, the ratios the issue's
/// targets are stated in, and our peak RSS (this process; llama.cpp runs in its own).
/// </summary>
static class LongContextBench
{
    public static int Run(BenchArgs options, string model)
    {
        int length = options.Long, n = options.Generate;
        var runs = new List<(string Name, SparseAttentionOptions Attention)> { ("ours dense", SparseAttentionOptions.Dense with { DenseLayers = [] }) }; // [] so --layers 1 passes the layer check
        foreach (var layers in options.DenseLayers.Split('/'))
        {
            var sparse = new SparseAttentionOptions { Budget = options.SparseBudget, DenseLayers = SparseAttentionOptions.ParseLayers(layers) };
            sparse.Validate();
            runs.Add(($"ours sparse, dense layers {(sparse.DenseLayers.Count == 0 ? "none" : string.Join(',', sparse.DenseLayers))}", sparse));
            Console.WriteLine($"long context: prefill {length} tokens, then decode {n}; sparse = {sparse.Summary()}");
        }
        var rows = new List<(string Name, double[] Prefill, double[] Decode)>();
        var failures = new List<string>();
        foreach (var (name, attention) in runs)
        {
            if (options.Only is not ("both" or "ours")) break;
            try
            {
                using var ours = ModelLoader.Load(model, new RuntimeOptions
                {
                    ContextSize = length + n, Threads = options.Threads, MaxBatch = 512, Attention = attention,
                    KvCacheType = Enum.Parse<KvCacheType>(options.Kv, ignoreCase: true),
                });
                var r = ModelBench.Run(ours.Model, length, n, options.Reps, options.Seed);
                // A model with a DSA indexer resolves the sparse rows' default (auto) to its own selection.
                bool native = ours.Model is TransformerModel { AttentionOptions.Mode: AttentionMode.Native };
                rows.Add((native ? "ours native (DSA)" : name, r.PrefillTokensPerSecond, r.DecodeTokensPerSecond));
                if (native) break; // the dense-layer sets of block-sparse rows do not apply to it
            }
            catch (Exception e) { failures.Add($"{name}: {e.GetType().Name}: {e.Message}"); }
        }
        long peak = Process.GetCurrentProcess().PeakWorkingSet64;
        if (options.Only is "both" or "llama")
        {
            try
            {
                var r = LlamaOracle.Bench(model, length, n, options.Reps, options.Threads, flashAttention: true, kvType: options.Kv, timeout: TimeSpan.FromHours(4));
                rows.Add(("llama.cpp fa", r.PrefillTokensPerSecond, r.DecodeTokensPerSecond));
            }
            catch (Exception e) { failures.Add($"llama.cpp: {e.Message}"); }
        }
        Console.Write(Format(rows, length));
        Console.WriteLine($"peak RSS of ours (both runs, this process): {peak / (1024.0 * 1024):F0} MiB");
        foreach (var f in failures) Console.Error.WriteLine($"failed: {f}");
        return failures.Count == 0 ? 0 : 1;
    }

    static string Format(List<(string Name, double[] Prefill, double[] Decode)> rows, int length)
    {
        var w = new StringWriter(CultureInfo.InvariantCulture);
        w.WriteLine($"{"",-32} {"prefill s",10} {"prefill tok/s",14} {"decode tok/s",13}");
        foreach (var (name, prefill, decode) in rows)
            w.WriteLine($"{name,-32} {length / BenchStatistics.Median(prefill),10:0.00} {BenchStatistics.Median(prefill),14:0.0} {BenchStatistics.Median(decode),13:0.00}");
        double Get(string name, bool pre) => rows.Where(r => r.Name == name).Select(r => BenchStatistics.Median(pre ? r.Prefill : r.Decode)).DefaultIfEmpty(double.NaN).First();
        foreach (var (name, _, _) in rows.Where(r => r.Name.StartsWith("ours sparse", StringComparison.Ordinal) || r.Name.StartsWith("ours native", StringComparison.Ordinal)))
        {
            w.WriteLine($"{name}: prefill / llama.cpp prefill {Get(name, true) / Get("llama.cpp fa", true):0.00}x (target >= 3x); " +
                $"decode / our dense decode {Get(name, false) / Get("ours dense", false):0.00}x (target >= 2x)");
        }
        return w.ToString();
    }
}
