using System.CommandLine;
using System.Text.Json;
using LongDoc.Runtime.Benchmarking;
using LongDoc.Runtime.Models;

namespace LongDoc.Cli.Commands;

/// <summary>
/// `longdoc bench --model PATH [-p 512] [-n 128] [--reps 5]`: prefill and decode speed like llama-bench
/// (pp = p random tokens into an empty cache, in micro-batches of 512 as llama-bench's default, so a 32k prompt needs
/// no 32k-token activation buffers; tg = n tokens decoded one by one after it), medians of reps; then the decode
/// floor (<see cref="DecodeFloor"/>: measured read bandwidth / bytes per token) and decode as % of it.
/// </summary>
static class BenchCommand
{
    public static Command Create()
    {
        var model = new ModelOptions();
        var prompt = new Option<int>("--prompt-tokens", "-p") { Description = "Prompt tokens prefilled per rep", DefaultValueFactory = _ => 512 };
        var gen = new Option<int>("--gen-tokens", "-n") { Description = "Tokens decoded per rep", DefaultValueFactory = _ => 128 };
        var reps = new Option<int>("--reps", "-r") { Description = "Repetitions (medians reported)", DefaultValueFactory = _ => 5 };
        var format = new Option<string>("--format") { Description = "text or json", DefaultValueFactory = _ => "text" };
        format.AcceptOnlyFromAmong("text", "json");
        var tensor = new Option<double>("--tensor-tflops") { Description = "bf16 tensor-core ceiling for --device cuda kernel benchmarks", DefaultValueFactory = _ => Runtime.Backends.Cuda.Bench.KernelBench.H200Bf16TensorTflops };
        var command = new Command("bench", "Measure prefill and decode tokens/s; with --device cuda, first each CUDA kernel") { prompt, gen, reps, format, tensor };
        model.AddTo(command);
        model.Model.Required = false;   // --device cuda alone runs the kernel benchmarks
        command.SetAction(r => ModelErrors.Guard(() =>
        {
            bool cuda = r.GetValue(model.Device) == "cuda";
            if (cuda)
            {
                int k = CudaKernelBench.Run(r.GetValue(format) == "json", r.GetValue(tensor));
                if (k != ExitCodes.Ok || r.GetValue(model.Model) == null) return k;
            }
            else if (r.GetValue(model.Model) == null) throw new ArgumentException("bench: --model is required (kernel benchmarks alone: --device cuda)");
            int p = r.GetValue(prompt), n = r.GetValue(gen);
            if (p < 1 || n < 1 || r.GetValue(reps) < 1) throw new ArgumentException("bench: -p, -n and --reps must be at least 1");
            return Run(r.GetValue(model.Model)!, model.Runtime(r, minContext: p + n) with { MaxBatch = Math.Min(p, 512) }, p, n, r.GetValue(reps), r.GetValue(format) == "json");
        }));
        return command;
    }

    static int Run(string path, RuntimeOptions options, int p, int n, int reps, bool json)
    {
        using var loaded = ModelLoader.Load(path, options);
        var report = ModelBench.Run(loaded.Model, p, n, reps);
        int threads = options.Threads > 0 ? options.Threads : Environment.ProcessorCount;
        var floor = DecodeFloor.Measure(loaded, threads, p, n, options.KvCacheType);
        long peakRss = System.Diagnostics.Process.GetCurrentProcess().PeakWorkingSet64;   // weights mapped + KV cache + buffers
        if (json)
        {
            Console.WriteLine(JsonSerializer.Serialize(new
            {
                model = path, architecture = loaded.Config.Architecture, threads, kv = options.KvCacheType.ToString(),
                prompt_tokens = p, gen_tokens = n, prefill_tok_s = report.PrefillTokensPerSecond, decode_tok_s = report.DecodeTokensPerSecond,
                prefill_median = report.PrefillMedian, decode_median = report.DecodeMedian,
                attention = loaded.Transformer.AttentionOptions.Summary(), peak_rss_bytes = peakRss,
                read_bandwidth_bytes_s = floor.ReadBytesPerSecond, bytes_per_token = floor.Traffic.TotalBytes,
                weight_bytes_per_token = floor.Traffic.WeightBytes, kv_bytes_per_token = floor.Traffic.KvBytes,
                floor_tok_s = floor.TokensPerSecond, decode_percent_of_floor = floor.PercentOf(report.DecodeMedian),
            }));
            return ExitCodes.Ok;
        }
        Console.WriteLine($"| model | arch | threads | kv | test | t/s (median of {reps}) | all reps |");
        Console.WriteLine("| --- | --- | ---: | --- | --- | ---: | --- |");
        string name = Path.GetFileName(path.TrimEnd('/'));
        Console.WriteLine($"| {name} | {loaded.Config.Architecture} | {threads} | {options.KvCacheType} | pp{p} | {report.PrefillMedian:F1} | {string.Join(" ", report.PrefillTokensPerSecond.Select(x => x.ToString("F1")))} |");
        Console.WriteLine($"| {name} | {loaded.Config.Architecture} | {threads} | {options.KvCacheType} | tg{n} | {report.DecodeMedian:F1} | {string.Join(" ", report.DecodeTokensPerSecond.Select(x => x.ToString("F1")))} |");
        Console.WriteLine();
        Console.WriteLine($"attention: {loaded.Transformer.AttentionOptions.Summary()}; context {loaded.Model.ContextSize}; peak RSS {peakRss / (1024.0 * 1024):F0} MiB");
        Console.WriteLine(floor.Describe(report.DecodeMedian));
        return ExitCodes.Ok;
    }
}
