using LongDoc.Runtime.Weights;
using LongDoc.Testing.Oracle;
using LongDoc.Testing.RandomModels;

namespace LongDoc.Runtime.Tests.Models;

/// <summary>
/// The quantized random models of <see cref="QuantizedOracleTests"/> (qwen3moe, qwen3, llama, Mixtral, qwen2,
/// deepseek2), each written once per test run with its
/// dequantized F32 twin. Every input width is 256 so that all k-quants fit (D = 256, H * Dh = 4 * 64, F = 256).
/// The llama.cpp types are quantized by llama.cpp itself (<see cref="LlamaOracle.Quantize"/>) from an F16 file of
/// the spec, which is then their reference.
/// </summary>
public sealed class QuantizedModelFiles : IDisposable
{
    public static readonly Dictionary<string, RandomModelSpec> Configs = new()
    {
        ["moe"] = new() { Architecture = "qwen3moe", Embedding = 256, Layers = 2, Heads = 4, KvHeads = 2, HeadDim = 64, Experts = 4, ExpertsUsed = 2, ExpertFfn = 256, Vocab = 320 },
        ["dense"] = new() { Architecture = "qwen3", Embedding = 256, Layers = 2, Heads = 4, KvHeads = 2, HeadDim = 64, Ffn = 256, Vocab = 320 },
        ["llama"] = new() { Architecture = "llama", Embedding = 256, Layers = 2, Heads = 4, KvHeads = 2, HeadDim = 64, Experts = 0, Ffn = 256, Vocab = 320, RopeBase = 10000f },
        ["mixtral"] = new() { Architecture = "llama", Embedding = 256, Layers = 2, Heads = 4, KvHeads = 2, HeadDim = 64, Experts = 4, ExpertsUsed = 2, ExpertFfn = 256, Vocab = 320 },
        ["qwen2"] = new() { Architecture = "qwen2", Embedding = 256, Layers = 2, Heads = 4, KvHeads = 2, HeadDim = 64, Ffn = 256, Vocab = 320, TiedEmbeddings = true },
        // V2-Lite-like MLA (legacy attn_kv_b: the split attn_k_b runs along N = 128, which k-quant blocks do not tile,
        // and our writer cannot re-cut a quantized kv_b into it)
        ["deepseek2"] = new()
        {
            Architecture = "deepseek2", Embedding = 256, Layers = 2, Heads = 2, HeadDim = 128, RopeDims = 64, ValueDim = 128,
            KvLoraRank = 256, Experts = 4, ExpertsUsed = 2, ExpertFfn = 256, SharedExperts = 1, LeadingDense = 1, Ffn = 256,
            Vocab = 320, RopeBase = 10000f,
        },
        // the same in the split attn_k_b/attn_v_b layout (llama.cpp's MLA graph): only llama.cpp's quantizer makes it
        ["deepseek2-split"] = new()
        {
            Architecture = "deepseek2", Embedding = 256, Layers = 2, Heads = 2, HeadDim = 128, RopeDims = 64, ValueDim = 128,
            KvLoraRank = 256, Experts = 4, ExpertsUsed = 2, ExpertFfn = 256, SharedExperts = 1, LeadingDense = 1, Ffn = 256,
            Vocab = 320, RopeBase = 10000f, SplitKvB = true,
        },
    };

    public static readonly Dictionary<string, (GgmlType Type, QuantMix Mix)> Types = new()
    {
        ["Q8_0"] = (GgmlType.Q8_0, QuantMix.None),
        ["Q4_0"] = (GgmlType.Q4_0, QuantMix.None),
        ["Q4_K"] = (GgmlType.Q4_K, QuantMix.None),
        ["Q5_K"] = (GgmlType.Q5_K, QuantMix.None),
        ["Q6_K"] = (GgmlType.Q6_K, QuantMix.None),
        ["Q4_K_M"] = (GgmlType.Q4_K, QuantMix.Q4_K_M),
        ["llama.cpp-Q8_0"] = (GgmlType.F16, QuantMix.None),   // the F16 source of llama.cpp's quantizer
    };

    /// <summary>Types made by llama.cpp's quantizer from the F16 file of <see cref="Types"/>: type -> its file type.</summary>
    public static readonly Dictionary<string, string> LlamaCppTypes = new() { ["llama.cpp-Q8_0"] = "Q8_0" };

    /// <summary>
    /// The (config, type) pairs compared, every one with the spec's own seed: the comparison tolerates the flips that
    /// once made these tests pick seeds (<see cref="FlipTolerantOracle"/>).
    /// </summary>
    public static readonly (string Config, string Type)[] Cases =
    [
        ("moe", "Q4_0"), ("moe", "Q4_K"), ("moe", "Q5_K"), ("moe", "Q6_K"), ("moe", "Q4_K_M"),
        ("dense", "Q4_0"), ("dense", "Q4_K"), ("dense", "Q5_K"), ("dense", "Q6_K"), ("dense", "Q4_K_M"),
        ("llama", "Q8_0"), ("llama", "Q4_K_M"), ("mixtral", "Q8_0"), ("mixtral", "Q4_K_M"), ("qwen2", "Q8_0"), ("qwen2", "Q4_K_M"),
        ("deepseek2", "Q8_0"), ("deepseek2", "Q4_K_M"), ("deepseek2", "llama.cpp-Q8_0"), ("deepseek2-split", "llama.cpp-Q8_0"),
    ];

    readonly ModelFileCache _files = new("longdoc-quant-oracle");

    public static RandomModelSpec Spec(string config, string type) =>
        Configs[config] with { WeightType = Types[type].Type, Mix = Types[type].Mix };

    public string Gguf(string config, string type)
    {
        if (!LlamaCppTypes.TryGetValue(type, out var fileType))
            return Get($"{config}-{type}.gguf", p => RandomModelWriter.WriteGguf(Spec(config, type), p));
        string source = DequantizedTwin(config, type);
        return Get($"{config}-{type}.gguf", p => LlamaOracle.Quantize(source, p, fileType));
    }

    /// <summary>The same weight values stored as F32 (run in F32, the exact result the quantized runs approximate), or
    /// for a llama.cpp type the F16 file it was quantized from.</summary>
    public string DequantizedTwin(string config, string type) => LlamaCppTypes.ContainsKey(type)
        ? Get($"{config}-{type}-f16.gguf", p => RandomModelWriter.WriteGguf(Spec(config, type), p))
        : Get($"{config}-{type}-f32.gguf", p => RandomModelWriter.WriteGguf(Spec(config, type), p, dequantized: true));

    string Get(string name, Action<string> write) => _files.Get(name, write);

    public void Dispose() => _files.Dispose();
}
