using LongDoc.Runtime.Backends;
using System.Diagnostics;
using System.Globalization;
using LongDoc.Runtime.Backends.Cpu;
using LongDoc.Runtime.Layers;
using LongDoc.Runtime.Models;

namespace LongDoc.Benchmarks;

/// <summary>
/// `dsa-kernels [--context 32768] [--threads 1] [--reps 3]`: the CPU backend's DSA prefill ops at the deepseek32-bench
/// shape (indexer 16 heads x 128, top_k 2048; MLA 16 heads, latent 512 + rope 64; F16 caches) on random data at the
/// end of a context: the indexer's scores and top-k of 16 query tokens against every position, the top-k alone, and
/// the gathered attention of 64 tokens over 2048 random positions each. Fastest of the reps; with --threads 1 the
/// time is this thread's CPU time (Linux), which a loaded machine disturbs far less than wall time.
/// </summary>
static class DsaKernelBench
{
    const int IndexHeads = 16, IndexDim = 128, TopK = 2048, Heads = 16, Latent = 512, Rope = 64, ScoreTokens = 16, Tokens = 64;

    public static int Run(string[] args)
    {
        var o = new Dictionary<string, string> { ["--context"] = "32768", ["--threads"] = "1", ["--reps"] = "3" };
        for (int i = 0; i + 1 < args.Length; i += 2)
        {
            if (!o.ContainsKey(args[i])) { Console.Error.WriteLine($"unknown option '{args[i]}'"); return 2; }
            o[args[i]] = args[i + 1];
        }
        int context = Int(o["--context"]), threads = Int(o["--threads"]), reps = Int(o["--reps"]), row = Latent + Rope;
        var rng = new Random(1);
        using var cpu = new CpuBackend(threads);
        using var keys = new IndexKeyCache([true], context, IndexDim, KvCacheType.F16);
        keys.Store(0, 0, context, Floats(rng, context * IndexDim, 1f));
        using var cache = new KvCache(1, context, 1, row, 0, KvCacheType.F16);
        for (int p0 = 0; p0 < context; p0 += 1024) cache.Store(0, p0, Math.Min(1024, context - p0), Floats(rng, Math.Min(1024, context - p0) * row, 1f), ReadOnlySpan<float>.Empty);
        var d = new DsaScratch(new DsaIndexer(IndexHeads, IndexDim, TopK), Heads, row, Tokens, context);
        Floats(rng, ScoreTokens * IndexHeads * IndexDim, 0.1f).CopyTo(d.Q, 0);
        Floats(rng, ScoreTokens * IndexHeads, 1f).CopyTo(d.W, 0);
        int start = context - ScoreTokens;
        double index = Time(reps, threads, () => cpu.TrySelect(new DsaSelectCall(keys, 0, start, ScoreTokens, IndexHeads, TopK, 1f), d.Q, d.W, d.Selected, d.Counts));
        double indexMacs = (double)ScoreTokens * context * IndexHeads * IndexDim;

        var scores = Floats(rng, context, 1f);
        var selected = new int[TopK];
        double top = Time(reps, threads, () => TopPositions.Select(scores, TopK, selected));

        for (int t = 0; t < Tokens; t++)
        {
            Enumerable.Range(0, context).OrderBy(_ => rng.Next()).Take(TopK).Order().ToArray().CopyTo(d.Selected, t * d.TopK);
            d.Counts[t] = TopK;
        }
        var qc = Floats(rng, Tokens * Heads * row, 0.1f);
        var ctx = new float[Tokens * Heads * Latent];
        double gathered = Time(reps, threads, () => cpu.TryGatheredAttention(new DsaAttentionCall(cache, 0, context, Tokens, Heads, Latent, TopK, 0.07f), qc, d.Selected, d.Counts, ctx));
        double gatheredMacs = (double)Tokens * TopK * Heads * (row + Latent);

        var w = new StringWriter(CultureInfo.InvariantCulture);
        w.WriteLine($"context {context}, {threads} thread(s), {(threads == 1 && OperatingSystem.IsLinux() ? "thread CPU time" : "wall time")}");
        w.WriteLine($"| op | ms | GMAC/s | per token at this context |");
        w.WriteLine($"| indexer scores + top-k, {ScoreTokens} tokens | {index * 1e3:0.00} | {indexMacs / index / 1e9:0.0} | {index / ScoreTokens * 1e3:0.000} ms |");
        w.WriteLine($"| top-k alone, 1 token | {top * 1e3:0.000} | | {top * 1e3:0.000} ms |");
        w.WriteLine($"| gathered attention, {Tokens} tokens x {TopK} | {gathered * 1e3:0.00} | {gatheredMacs / gathered / 1e9:0.0} | {gathered / Tokens * 1e3:0.000} ms |");
        Console.Write(w.ToString());
        return 0;
    }

    static double Time(int reps, int threads, Action op)
    {
        op();
        double best = double.MaxValue;
        for (int r = 0; r < reps; r++)
        {
            long start = Stopwatch.GetTimestamp();
            double cpu = KernelBench.ThreadCpuSeconds();
            op();
            best = Math.Min(best, threads == 1 && OperatingSystem.IsLinux() ? KernelBench.ThreadCpuSeconds() - cpu : Stopwatch.GetElapsedTime(start).TotalSeconds);
        }
        return best;
    }

    static float[] Floats(Random rng, int n, float scale)
    {
        var x = new float[n];
        for (int i = 0; i < n; i++) x[i] = (float)(rng.NextDouble() * 2 - 1) * scale;
        return x;
    }

    static int Int(string v) => int.Parse(v, CultureInfo.InvariantCulture);
}
