using LongDoc.Runtime.Weights;
using LongDoc.Testing.RandomModels;

namespace LongDoc.Benchmarks;

/// <summary>
/// Named random-weight models for benchmarks, written once and cached on disk (generation takes a while;
/// the file name carries everything that changes its bytes).
/// </summary>
static class BenchShapes
{
    /// <summary>README "Performance" (Model runtime) bench model: qwen3moe D=1024, 8 layers, 16/4 heads, Dh 64, 32 experts top-4, F 512, V 32000 (~980 MB at f16).</summary>
    static readonly Dictionary<string, RandomModelSpec> Shapes = new()
    {
        ["qwen3moe-bench"] = new RandomModelSpec
        {
            Architecture = "qwen3moe", Embedding = 1024, Layers = 8, Heads = 16, KvHeads = 4, HeadDim = 64,
            Experts = 32, ExpertsUsed = 4, ExpertFfn = 512, Vocab = 32000, Context = 4096, Seed = 1,
        },
        // The same with its trained context raised to 32k, for the long-context benchmark (--long 32768).
        ["qwen3moe-bench-32k"] = new RandomModelSpec
        {
            Architecture = "qwen3moe", Embedding = 1024, Layers = 8, Heads = 16, KvHeads = 4, HeadDim = 64,
            Experts = 32, ExpertsUsed = 4, ExpertFfn = 512, Vocab = 32000, Context = 32768, Seed = 1,
        },
        ["qwen3moe-tiny"] = new RandomModelSpec { Architecture = "qwen3moe", Context = 1024, Seed = 1 },
        // README "Performance" deepseek2 bench model: the qwen3moe shape as MLA (kv_lora 512, rope 64, nope 128, v 128, no q LoRA,
        // as V2-Lite), 2 shared experts, 1 dense layer (FFN 2048); split attn_k_b/attn_v_b as today's converter writes.
        ["deepseek2-bench"] = new RandomModelSpec
        {
            Architecture = "deepseek2", Embedding = 1024, Layers = 8, Heads = 16, HeadDim = 128, RopeDims = 64, ValueDim = 128,
            KvLoraRank = 512, Experts = 32, ExpertsUsed = 4, ExpertFfn = 512, SharedExperts = 2, LeadingDense = 1, Ffn = 2048,
            SplitKvB = true, Vocab = 32000, Context = 4096, Seed = 1,
        },
        // README "Long contexts" DSA bench model (issue 18 item 4): deepseek2-bench as V3.2 (deepseek32) with a q LoRA of 512
        // (the indexer reads the MLA q-LoRA output) and an indexer of 16 heads x 128, top_k 2048; trained context 64k.
        ["deepseek32-bench"] = new RandomModelSpec
        {
            Architecture = "deepseek32", Embedding = 1024, Layers = 8, Heads = 16, HeadDim = 128, RopeDims = 64, ValueDim = 128,
            KvLoraRank = 512, QLoraRank = 512, Experts = 32, ExpertsUsed = 4, ExpertFfn = 512, SharedExperts = 2, LeadingDense = 1,
            Ffn = 2048, SplitKvB = true, IndexerHeads = 16, IndexerDim = 128, IndexerTopK = 2048, Vocab = 32000, Context = 65536, Seed = 1,
        },
        // Issue shapes for llama.cpp-quantized files (--llama-quantize): Qwen3-30B-A3B's layer (D 2048, 32/4 heads of 128,
        // 128 experts top-8 of width 768, vocab 151936) 8 times, and DeepSeek-V2-Lite's (D 2048, 16 heads, MLA kv_lora 512,
        // 64 experts top-6 of width 1408 + 2 shared, dense first layer 10944, vocab 102400) 6 times, in the split layout.
        ["qwen3-30b-a3b-8l"] = new RandomModelSpec
        {
            Architecture = "qwen3moe", Embedding = 2048, Layers = 8, Heads = 32, KvHeads = 4, HeadDim = 128,
            Experts = 128, ExpertsUsed = 8, ExpertFfn = 768, Vocab = 151936, Context = 4096, Seed = 1,
        },
        ["deepseek-v2-lite-6l"] = new RandomModelSpec
        {
            Architecture = "deepseek2", Embedding = 2048, Layers = 6, Heads = 16, HeadDim = 128, RopeDims = 64, ValueDim = 128,
            KvLoraRank = 512, Experts = 64, ExpertsUsed = 6, ExpertFfn = 1408, SharedExperts = 2, LeadingDense = 1, Ffn = 10944,
            SplitKvB = true, Vocab = 102400, Context = 4096, RopeBase = 10000f, Seed = 1,
        },
    };

    /// <summary>
    /// The shape's F16 file quantized by llama.cpp's own quantizer to <paramref name="fileType"/> (Q4_K_M, IQ4_XS, ...; no
    /// importance matrix), as the files people download are made; written once in <paramref name="cacheDir"/>.
    /// </summary>
    public static string EnsureLlamaQuantized(string shape, string fileType, string cacheDir, int layers = 0)
    {
        string source = Ensure(shape, "f16", cacheDir, layers);
        string path = Path.Combine(cacheDir, $"{Path.GetFileNameWithoutExtension(source)}-llama-{fileType}.gguf");
        if (File.Exists(path)) return path;
        Console.Error.WriteLine($"quantizing {source} to {fileType} with llama.cpp's quantizer (once) ...");
        string partial = path + $".{Environment.ProcessId}.partial";
        LongDoc.Testing.Oracle.LlamaOracle.Timeout = TimeSpan.FromHours(1); // a 10 GB source takes minutes
        LongDoc.Testing.Oracle.LlamaOracle.Quantize(source, partial, fileType);
        File.Move(partial, path, overwrite: true);
        return path;
    }

    /// <summary>
    /// The shape as llama.cpp's <paramref name="fileType"/> file (IQ2_XXS, IQ2_XS, IQ1_S or IQ1_M: QuantMix.IQ2, its per-tensor
    /// types and fallbacks), written by our writer with random valid blocks since llama.cpp's quantizer refuses these
    /// types without an importance matrix; written once in <paramref name="cacheDir"/>.
    /// </summary>
    public static string EnsureIQMix(string shape, string fileType, string cacheDir, int layers = 0)
    {
        if (!Shapes.TryGetValue(shape, out var spec))
            throw new ArgumentException($"unknown --shape '{shape}'; known: {string.Join(", ", Shapes.Keys)}");
        if (!Enum.TryParse<GgmlType>(fileType, ignoreCase: true, out var type))
            throw new ArgumentException($"unknown --iq-mix '{fileType}'; use IQ2_XXS, IQ2_XS, IQ1_S or IQ1_M");
        spec = spec with { WeightType = type, Mix = QuantMix.IQ2, Layers = layers > 0 ? layers : spec.Layers };
        if (spec.IsDeepSeek) spec = spec with { SplitKvB = false }; // quantized deepseek2 files: the legacy attn_kv_b layout (see Ensure)
        Directory.CreateDirectory(cacheDir);
        string path = Path.Combine(cacheDir, $"{shape}{(layers > 0 ? $"-{layers}l" : "")}-iqmix-{type}-seed{spec.Seed}.gguf");
        if (File.Exists(path)) return path;
        Console.Error.WriteLine($"writing {path} (once; later runs reuse it) ...");
        string partial = path + $".{Environment.ProcessId}.partial";
        RandomModelWriter.WriteGguf(spec, partial);
        File.Move(partial, path, overwrite: true);
        return path;
    }

    /// <summary>--type -> base weight type and llama.cpp-style mix (q4_k_m: Q4_K with attn_v/ffn_down/output in Q6_K).</summary>
    static readonly Dictionary<string, (GgmlType Type, QuantMix Mix)> WeightTypes = new()
    {
        ["f32"] = (GgmlType.F32, QuantMix.None),
        ["f16"] = (GgmlType.F16, QuantMix.None),
        ["q8_0"] = (GgmlType.Q8_0, QuantMix.None),
        ["q4_0"] = (GgmlType.Q4_0, QuantMix.None),
        ["q4_k"] = (GgmlType.Q4_K, QuantMix.None),
        ["q5_k"] = (GgmlType.Q5_K, QuantMix.None),
        ["q6_k"] = (GgmlType.Q6_K, QuantMix.None),
        ["q4_k_m"] = (GgmlType.Q4_K, QuantMix.Q4_K_M),
    };

    public static IEnumerable<string> Names => Shapes.Keys;

    /// <summary>
    /// Path of the shape's GGUF in <paramref name="cacheDir"/>, written first if it is not there yet (the writer holds the
    /// whole file in memory: the 8-layer Qwen3 shape at F16, ~11 GB, needs --layers 3 on a 24 GB machine).
    /// </summary>
    public static string Ensure(string shape, string weightType, string cacheDir, int layers = 0)
    {
        if (!Shapes.TryGetValue(shape, out var spec))
            throw new ArgumentException($"unknown --shape '{shape}'; known: {string.Join(", ", Shapes.Keys)}");
        if (!WeightTypes.TryGetValue(weightType, out var typeAndMix))
            throw new ArgumentException($"unknown --type '{weightType}'; known: {string.Join(", ", WeightTypes.Keys)}");
        spec = spec with { WeightType = typeAndMix.Type, Mix = typeAndMix.Mix, Layers = layers > 0 ? layers : spec.Layers };
        // Quantized deepseek2 files use the legacy attn_kv_b layout: the split layout's attn_k_b runs along the nope
        // width (128), which 256-wide k-quant blocks do not tile, and re-cutting quantized kv_b along another axis
        // would not keep its blocks (RandomModelSpec.Validate refuses it).
        if (spec.IsDeepSeek && RandomModelSpec.IsQuantized(spec.WeightType)) spec = spec with { SplitKvB = false };

        Directory.CreateDirectory(cacheDir);
        string path = Path.Combine(cacheDir, $"{shape}{(layers > 0 ? $"-{layers}l" : "")}-{weightType}-seed{spec.Seed}.gguf");
        if (File.Exists(path)) return path;
        Console.Error.WriteLine($"writing {path} (once; later runs reuse it) ...");
        string partial = path + $".{Environment.ProcessId}.partial";
        RandomModelWriter.WriteGguf(spec, partial);
        File.Move(partial, path, overwrite: true); // a killed run never leaves a half file under the final name
        return path;
    }
}
