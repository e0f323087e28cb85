using System.CommandLine;
using System.Text.Json;
using System.Text.Json.Serialization;
using LongDoc.Runtime.Backends;
using LongDoc.Runtime.Backends.Cuda;
using LongDoc.Runtime.Backends.Cuda.Simulated;
using LongDoc.Runtime.Backends.Placement;
using LongDoc.Runtime.Models;
using LongDoc.Runtime.Weights;

namespace LongDoc.Cli.Commands;

/// <summary>`longdoc model info PATH [--format text|json] [--device cuda|cuda-sim [--gpu-layers N] [--experts cpu|gpu] [--ctx N] [--kv f16|f32]]`:
/// what a model file is, before running it; with a CUDA device, where it would run (the placement plan).</summary>
static class ModelCommand
{
    public static Command Create()
    {
        var path = new Argument<string>("path") { Description = "GGUF file or Hugging Face folder" };
        var format = new Option<string>("--format") { Description = "text or json", DefaultValueFactory = _ => "text" };
        format.AcceptOnlyFromAmong("text", "json");
        var device = new Option<string>("--device") { Description = "cuda or cuda-sim: also print the placement plan against that device's free memory", DefaultValueFactory = _ => "cpu" };
        device.AcceptOnlyFromAmong("cpu", "cuda", "cuda-sim");
        var gpuLayers = PlacementFlags.GpuLayers();
        var experts = PlacementFlags.Experts();
        var context = new Option<int>("--ctx", "-c") { Description = "Context the plan holds a KV cache for (0 = the default a run would get)", DefaultValueFactory = _ => 0 };
        var kv = new Option<string>("--kv") { Description = "KV cache precision of the plan: f16 or f32", DefaultValueFactory = _ => "f16" };
        kv.AcceptOnlyFromAmong("f16", "f32");
        var info = new Command("info", "Architecture, shapes, parameters (total and active per token), tensor types, chat template, KV bytes per token; " +
            "with --device cuda, the placement plan") { path, format, device, gpuLayers, experts, context, kv };
        info.SetAction(r => ModelErrors.Guard(() => Info(r.GetValue(path)!, r.GetValue(format)!, DeviceOption.Parse(r.GetValue(device)), new RuntimeOptions
        {
            ContextSize = r.GetValue(context) >= 0 ? r.GetValue(context) : throw new ArgumentException($"--ctx {r.GetValue(context)} is negative"),
            KvCacheType = r.GetValue(kv) == "f32" ? KvCacheType.F32 : KvCacheType.F16,
            GpuLayers = PlacementFlags.ParseGpuLayers(r.GetValue(gpuLayers)),
            Experts = PlacementFlags.ParseExperts(r.GetValue(experts)),
        })));
        return new Command("model", "Inspect model files") { info };
    }

    /// <summary>The plan on <paramref name="kind"/> (the device's free memory now; the simulated device's configured size), or null on the CPU.</summary>
    static (ContextChoice, PlacementPlan?)? Placement(ModelFiles files, DeviceKind kind, RuntimeOptions options)
    {
        if (kind == DeviceKind.Cpu) return null;
        using var device = kind == DeviceKind.CudaSim ? CudaDevice.Simulated(SimulatedMemorySize.Resolve(null)) : CudaDevice.Open();
        return ModelLoader.Plan(files, options, device.MemoryInfo().Free, device.Multiprocessors);
    }

    static int Info(string path, string format, DeviceKind kind, RuntimeOptions options)
    {
        using var files = ModelFiles.Open(path);
        var placement = Placement(files, kind, options);
        var plan = placement?.Item2;
        var c = files.Config;
        var size = ModelSize.Of(c, files.Weights);
        var types = files.Weights.TensorTypes.GroupBy(kv => kv.Value).OrderByDescending(g => g.Count())
            .ToDictionary(g => g.Key.ToString(), g => g.Count());
        var typeBits = types.Keys.ToDictionary(t => t, t => GgmlTypeInfo.BitsPerWeight(Enum.Parse<GgmlType>(t)));
        double bitsPerWeight = AverageBits(files.Weights);
        var template = ModelTokenizers.ChatTemplateName(files);
        var report = new
        {
            source = files.Source, architecture = c.Architecture, fileBytes = files.FileBytes,
            contextLength = c.ContextLength, embedding = c.EmbeddingLength, layers = c.BlockCount,
            heads = c.HeadCount, kvHeads = c.HeadCountKv, keyLength = c.KeyLength, valueLength = c.ValueLength,
            vocab = c.VocabSize, feedForward = c.FeedForwardLength, experts = c.ExpertCount, expertsUsed = c.ExpertUsedCount,
            expertFeedForward = c.ExpertFeedForwardLength, ropeBase = c.RopeFreqBase, rope = c.RopeStyle.ToString(),
            tiedEmbeddings = c.TiedEmbeddings, totalParameters = size.TotalParameters, activeParameters = size.ActiveParameters,
            kvBytesPerTokenF16 = size.KvBytesPerTokenF16, kvBytesPerTokenF32 = size.KvBytesPerTokenF32,
            tensorTypes = types, typeBitsPerWeight = typeBits, bitsPerWeight = Math.Round(bitsPerWeight, 3), chatTemplate = template,
            mla = c.IsMla ? new { qLoraRank = c.QLoraRank, kvLoraRank = c.KvLoraRank, ropeDims = c.RopeDimensionCount, latentPerToken = c.KvLoraRank + c.RopeDimensionCount } : null,
            leadingDenseLayers = c.LeadingDenseBlockCount, sharedExperts = c.ExpertSharedCount,
            placement = plan,
        };
        if (format == "json")
        {
            Console.WriteLine(JsonSerializer.Serialize(report, new JsonSerializerOptions { WriteIndented = true, Converters = { new JsonStringEnumConverter() } }));
            return ExitCodes.Ok;
        }
        Console.WriteLine($"""
            model          {files.Source}
            architecture   {c.Architecture}
            file size      {Bytes(files.FileBytes)}
            context        {c.ContextLength:N0} tokens
            shape          D={c.EmbeddingLength} layers={c.BlockCount} heads={c.HeadCount}/{c.HeadCountKv} (q/kv) head dims k={c.KeyLength} v={c.ValueLength} vocab={c.VocabSize:N0}
            feed-forward   {(c.IsMoe ? $"MoE: {c.ExpertCount} experts, {c.ExpertUsedCount} active, width {c.ExpertFeedForwardLength}{(c.ExpertSharedCount > 0 ? $", {c.ExpertSharedCount} shared" : "")}{(c.LeadingDenseBlockCount > 0 ? $"; first {c.LeadingDenseBlockCount} layer(s) dense, width {c.FeedForwardLength}" : "")}" : $"dense, width {c.FeedForwardLength}")}
            rope           {c.RopeStyle}, base {c.RopeFreqBase:G}{(c.Yarn is { } y ? $", YaRN x{y.Factor:G} over {y.OriginalContext:N0}" : "")}
            attention      {(c.IsMla ? $"MLA: q_lora {c.QLoraRank}, kv_lora {c.KvLoraRank}, rope {c.RopeDimensionCount}; cache holds the {c.KvLoraRank + c.RopeDimensionCount}-wide latent per token" : $"GQA: {c.HeadCount / Math.Max(c.HeadCountKv, 1)} query heads per KV head")}
            parameters     {Count(size.TotalParameters)} total, {Count(size.ActiveParameters)} active per token
            tensor types   {string.Join(", ", types.Select(t => $"{t.Key} x{t.Value} ({typeBits[t.Key]:0.###} bpw)"))}; {bitsPerWeight:F2} bits per weight overall
            chat template  {template}
            KV cache       {Bytes(size.KvBytesPerTokenF16)}/token (f16), {Bytes(size.KvBytesPerTokenF32)}/token (f32); {Bytes(size.KvBytesPerTokenF16 * Math.Min(c.ContextLength, 32768))} for {Math.Min(c.ContextLength, 32768):N0} tokens at f16
            """);
        if (plan is null) return ExitCodes.Ok;
        Console.WriteLine($"placement on {(kind == DeviceKind.CudaSim ? "cuda-sim" : "cuda")}{(placement?.Item1.Notice is { } notice ? $" ({notice})" : "")}");
        foreach (var line in plan.Describe()) Console.WriteLine($"  {line}");
        return ExitCodes.Ok;
    }

    /// <summary>Storage bits per value over all tensors, weighted by their sizes (what a file type's name promises, roughly).</summary>
    static double AverageBits(IModelWeights weights)
    {
        double bits = 0;
        long values = 0;
        foreach (var (name, type) in weights.TensorTypes)
        {
            long n = weights.ElementCount(name);
            values += n;
            bits += n * GgmlTypeInfo.BitsPerWeight(type);
        }
        return values > 0 ? bits / values : 0;
    }

    static string Count(long n) => n >= 1e9 ? $"{n / 1e9:F2}B" : n >= 1e6 ? $"{n / 1e6:F2}M" : $"{n / 1e3:F1}K";
    static string Bytes(long n) => n >= 1L << 30 ? $"{n / (double)(1L << 30):F2} GiB" : n >= 1L << 20 ? $"{n / (double)(1L << 20):F1} MiB" : $"{n / 1024.0:F1} KiB";
}
