using LongDoc.Runtime.Weights;
using LongDoc.Testing.Oracle;
using LongDoc.Testing.RandomModels;

namespace LongDoc.Runtime.Tests.Models;

/// <summary>
/// Random F16 models quantized by llama.cpp's own quantizer (llama_model_quantize through the oracle, no importance
/// matrix), once per (config, file type) and test run, with llama.cpp's logits on the F16 source. The expert FFN
/// width (96, and deepseek2's dense 160) is not a multiple of 256, so llama.cpp stores the down projections in its
/// fallback types, as it does for DeepSeek-V2-Lite's 1408-wide experts (measured with LLamaSharp 0.30.0's llama.cpp:
/// Q5_0 in Q4_K_S/M and Q3_K_M files, Q5_1 in Q5_K_S/M and Q3_K_L, Q4_0 in Q2_K and Q3_K_S, Q8_0 in Q6_K and where the
/// mixes pick Q6_K, IQ4_NL in IQ4_XS; in the split layout attn_k_b's 128-wide rows too); the 256-wide rows keep the file
/// type's own blocks.
/// </summary>
public sealed class LlamaQuantizedModelFiles : IDisposable
{
    static readonly RandomModelSpec DeepSeek2 = new()
    {
        Architecture = "deepseek2", Embedding = 256, Layers = 2, Heads = 2, HeadDim = 128, RopeDims = 64, ValueDim = 128,
        KvLoraRank = 256, Experts = 4, ExpertsUsed = 2, ExpertFfn = 96, SharedExperts = 1, LeadingDense = 1, Ffn = 160,
        Vocab = 320, RopeBase = 10000f, WeightType = GgmlType.F16, Seed = 1,
    };

    static readonly RandomModelSpec Dense = new()
    {
        Architecture = "qwen3", Embedding = 256, Layers = 2, Heads = 4, KvHeads = 2, HeadDim = 64, Experts = 0, Ffn = 160,
        Vocab = 320, WeightType = GgmlType.F16, Seed = 1,
    };

    public static readonly Dictionary<string, RandomModelSpec> Configs = new()
    {
        ["moe"] = new()
        {
            Architecture = "qwen3moe", Embedding = 256, Layers = 2, Heads = 4, KvHeads = 2, HeadDim = 64, Experts = 4, ExpertsUsed = 2,
            ExpertFfn = 96, Vocab = 320, WeightType = GgmlType.F16, Seed = 1,
        },
        // V2-Lite-like MLA on the legacy attn_kv_b layout, dense FFN 160 and experts 96 wide: fallbacks in all three.
        ["deepseek2"] = DeepSeek2,
        // The same in the split attn_k_b / attn_v_b layout (how llama.cpp's converter writes DeepSeek files today).
        ["deepseek2-split"] = DeepSeek2 with { SplitKvB = true },
        // The other architectures, dense FFN 160 or experts 96 wide (fallbacks again); qwen2 with its q/k/v biases and tied embeddings.
        ["llama"] = Dense with { Architecture = "llama", RopeBase = 10000f },
        ["mixtral"] = Dense with { Architecture = "llama", RopeBase = 10000f, Experts = 4, ExpertsUsed = 2, ExpertFfn = 96 },
        ["qwen2"] = Dense with { Architecture = "qwen2", TiedEmbeddings = true },
        ["qwen3"] = Dense,
    };

    /// <summary>The configs every file type runs on; the others run <see cref="RepresentativeFileTypes"/> only.</summary>
    public static readonly string[] FullConfigs = ["moe", "deepseek2", "deepseek2-split"];

    /// <summary>The file types people pick most, each with its own fallback (Q5_0, Q5_1, Q5_0, IQ4_NL).</summary>
    public static readonly string[] RepresentativeFileTypes = ["Q4_K_M", "Q5_K_M", "Q3_K_M", "IQ4_XS"];

    readonly ModelFileCache _files = new("longdoc-llama-quant");
    readonly Dictionary<string, float[][]> _sourceLogits = [];
    readonly Lock _lock = new();

    public static int[] Prompt(string config) => OracleConfigs.Prompt(Configs[config]);

    public string Source(string config) => Get($"{config}-f16.gguf", p => RandomModelWriter.WriteGguf(Configs[config], p));

    /// <summary>The F16 source quantized by llama.cpp to <paramref name="fileType"/> (an llama.cpp file type name: Q4_K_M, IQ4_XS, ...).</summary>
    public string Quantized(string config, string fileType) =>
        Get($"{config}-{fileType}.gguf", p => LlamaOracle.Quantize(Source(config), p, fileType));

    /// <summary>llama.cpp's logits at every position of the prompt on the F16 source.</summary>
    public float[][] SourceLogits(string config)
    {
        string source = Source(config);
        lock (_lock)
        {
            if (!_sourceLogits.TryGetValue(config, out var logits))
                _sourceLogits[config] = logits = LlamaOracle.Logits(source, Prompt(config), allPositions: true);
            return logits;
        }
    }

    /// <summary>llama.cpp's logits on the F16 source at the steps of a decode that picked <paramref name="ids"/>: positions
    /// P-1 .. P+n-2 of the prompt followed by the ids but the last.</summary>
    public float[][] SourceLogits(string config, int[] ids)
    {
        var prompt = Prompt(config);
        var all = LlamaOracle.Logits(Source(config), [.. prompt, .. ids[..^1]], allPositions: true);
        return all[(prompt.Length - 1)..];
    }

    string Get(string name, Action<string> write) => _files.Get(name, write);

    public void Dispose() => _files.Dispose();
}
