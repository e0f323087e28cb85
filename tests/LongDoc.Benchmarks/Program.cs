using LongDoc.Runtime.Models;
using LongDoc.Benchmarks;
using LongDoc.Runtime.Benchmarking;
using LongDoc.Testing.Oracle;
using LongDoc.Testing.Fuzzing;

// llama.cpp (the oracle's `bench`, in a child process) and our runtime (ModelBench) on the same GGUF, in the same
// run, with the same measurement (llama-bench's: warm-up, then per rep a p-token prefill from a cleared cache and n
// single-token decodes). Prints medians and ours/llama.cpp. Speed is only ever compared as a ratio within one run.

// Fuzzing of the readers (FuzzCommand), and the child process that reads its files.
if (args is ["fuzz", ..]) return FuzzCommand.Run(args[1..]);
if (args is ["fuzz-child"]) return FuzzChild.Serve(Console.In, Console.Out);
// OCR quality (character error rate) and speed on scanned versions of real PDFs, beside OCRmyPDF.
if (args is ["ocr-quality", ..]) return OcrQualityCommand.Run(args[1..]);
// Per-kernel matmul speed on random matrices (KernelBench).
if (args is ["kernels", ..]) return KernelBench.Run(args[1..]);
// The DSA prefill ops at the deepseek32-bench shape (DsaKernelBench).
if (args is ["dsa-kernels", ..]) return DsaKernelBench.Run(args[1..]);

BenchArgs options;
try { options = BenchArgs.Parse(args); }
catch (Exception e) when (e is ArgumentException or FormatException)
{
    Console.Error.WriteLine(e.Message);
    Console.Error.WriteLine(BenchArgs.Usage);
    Console.Error.WriteLine($"shapes: {string.Join(", ", BenchShapes.Names)}");
    return 2;
}

string model = options.Model ?? (options.LlamaQuantize is { } fileType
    ? BenchShapes.EnsureLlamaQuantized(options.Shape!, fileType, options.CacheDir, options.Layers)
    : options.IQMix is { } iqType ? BenchShapes.EnsureIQMix(options.Shape!, iqType, options.CacheDir, options.Layers)
    : BenchShapes.Ensure(options.Shape!, options.WeightType, options.CacheDir, options.Layers));
if (!File.Exists(model)) { Console.Error.WriteLine($"model file not found: {model}"); return 2; }
if (options.Mode == "doc-cache") return DocCacheBench.Run(options, model);
if (options.Long > 0) return LongContextBench.Run(options, model);
Console.WriteLine($"model {model} ({new FileInfo(model).Length / 1e6:0} MB, {ModelBits.Describe(model)}), p={options.Prompt} n={options.Generate} " +
                  $"reps={options.Reps} threads={string.Join(',', options.ThreadCounts)} kv={options.Kv}");

var rows = new List<BenchRow>();
var floors = new List<string>();
var failures = new List<string>();

foreach (int threads in options.ThreadCounts)
{
    double[]? llamaDecode = null;
    if (options.Only is "both" or "llama")
    {
        try
        {
            var r = LlamaOracle.Bench(model, options.Prompt, options.Generate, options.Reps, threads,
                flashAttention: false, kvType: options.Kv, timeout: TimeSpan.FromHours(1));
            rows.Add(new("llama.cpp", threads, r.PrefillTokensPerSecond, r.DecodeTokensPerSecond));
            llamaDecode = r.DecodeTokensPerSecond;
        }
        catch (Exception e) { failures.Add($"llama.cpp ({threads} threads): {e.Message}"); }
    }

    if (options.Only is "both" or "ours")
    {
        try
        {
            var kv = Enum.Parse<KvCacheType>(options.Kv, ignoreCase: true);
            using var ours = ModelLoader.Load(model, new RuntimeOptions
            {
                ContextSize = options.Prompt + options.Generate,
                Threads = threads,
                MaxBatch = options.Prompt,
                KvCacheType = kv,
            });
            var r = ModelBench.Run(ours.Model, options.Prompt, options.Generate, options.Reps, options.Seed);
            rows.Add(new("ours", threads, r.PrefillTokensPerSecond, r.DecodeTokensPerSecond));
            var floor = DecodeFloor.Measure(ours, threads, options.Prompt, options.Generate, kv);
            floors.Add(floor.Describe(r.DecodeMedian) +
                (llamaDecode is null ? "" : $"; llama.cpp {floor.PercentOf(BenchStatistics.Median(llamaDecode)):0}%"));
        }
        catch (Exception e) { failures.Add($"ours ({threads} threads): {e.GetType().Name}: {e.Message}"); }
    }
}

Console.Write(ResultTable.Format(rows));
foreach (var f in floors) Console.WriteLine(f);
foreach (var f in failures) Console.Error.WriteLine($"failed: {f}");
return failures.Count == 0 ? 0 : 1;
