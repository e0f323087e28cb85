using LongDoc.Runtime.Weights;
using LongDoc.Testing.RandomModels;

namespace LongDoc.Runtime.Tests.Models;

/// <summary>
/// Tiny qwen3moe and deepseek2 GGUF files whose every matrix (embeddings, attention, experts, output) is one I-quant, written by our
/// writer with random valid blocks (<see cref="RandomQuantBlocks"/>): llama.cpp's quantizer refuses these types without
/// an importance matrix. All input widths are 256 (the I-quants' block); norms and the router stay F32. One file per
/// (config, type) and test run.
/// </summary>
public sealed class IQuantModelFiles : IDisposable
{
    public static readonly Dictionary<string, RandomModelSpec> Configs = new()
    {
        ["moe"] = new()
        {
            Architecture = "qwen3moe", Embedding = 256, Layers = 2, Heads = 4, KvHeads = 2, HeadDim = 64, Experts = 4, ExpertsUsed = 2,
            ExpertFfn = 256, Vocab = 320, Seed = 5,
        },
        // V2-Lite-like MLA on the legacy attn_kv_b layout (what quantized deepseek2 files use), as LlamaQuantizedModelFiles.
        ["deepseek2"] = new()
        {
            Architecture = "deepseek2", Embedding = 256, Layers = 2, Heads = 2, HeadDim = 128, RopeDims = 64, ValueDim = 128,
            KvLoraRank = 256, Experts = 4, ExpertsUsed = 2, ExpertFfn = 256, SharedExperts = 1, LeadingDense = 1, Ffn = 256,
            Vocab = 320, RopeBase = 10000f, Seed = 5,
        },
    };

    readonly ModelFileCache _files = new("longdoc-iquant");

    public static int[] Prompt(string config) => OracleConfigs.Prompt(Configs[config]);

    public string File(string config, GgmlType type) =>
        _files.Get($"{config}-{type}.gguf", p => RandomModelWriter.WriteGguf(Configs[config] with { WeightType = type }, p));

    public void Dispose() => _files.Dispose();
}
