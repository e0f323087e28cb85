using LongDoc.Runtime.Models;
using LongDoc.Runtime.Weights;
using LongDoc.Testing.RandomModels;

namespace LongDoc.Runtime.Tests.Models;

/// <summary>
/// Random deepseek2 models compared with llama.cpp, one per variant of the issue, each in both GGUF layouts of the
/// latent up-projection (legacy attn_kv_b with head_count_kv = H; split attn_k_b/attn_v_b with head_count_kv = 1).
/// Seeds were picked so that no router near-tie (expert or group) flips a choice between implementations.
/// </summary>
public static class DeepSeek2Configs
{
    /// <summary>V2-Lite-like: no q LoRA, softmax gating, unnormalized weights, 1 dense layer, 2 shared experts, no YaRN.</summary>
    static readonly RandomModelSpec V2Lite = new()
    {
        Architecture = "deepseek2", Embedding = 64, Layers = 3, Heads = 4, HeadDim = 16, RopeDims = 8, ValueDim = 16,
        KvLoraRank = 32, QLoraRank = 0, Experts = 8, ExpertsUsed = 2, ExpertFfn = 32, SharedExperts = 2, LeadingDense = 1,
        Ffn = 96, Gating = ExpertGating.Softmax, NormTopK = false, RoutedScale = 1f, Vocab = 320, Seed = 5,
        RopeBase = 10000f,
    };

    /// <summary>V3-like: q LoRA, sigmoid gating with the score-correction bias, 4 groups (2 used), normalized and
    /// scaled weights, YaRN (factor 4, mscale_all_dim 1) on a 256-position original context.</summary>
    static readonly RandomModelSpec V3 = new()
    {
        Architecture = "deepseek2", Embedding = 64, Layers = 3, Heads = 4, HeadDim = 16, RopeDims = 8, ValueDim = 16,
        KvLoraRank = 32, QLoraRank = 64, Experts = 16, ExpertsUsed = 4, Groups = 4, GroupsUsed = 2, ExpertFfn = 32,
        SharedExperts = 1, LeadingDense = 1, Ffn = 96, Gating = ExpertGating.Sigmoid, RouterBias = true, NormTopK = true,
        RoutedScale = 2.5f, YarnFactor = 4f, YarnOriginalContext = 256, MscaleAllDim = 1f, Vocab = 384, Seed = 1,
        RopeBase = 10000f, Context = 1024,
    };

    public static readonly Dictionary<string, RandomModelSpec> Specs = new()
    {
        ["v2lite-legacy"] = V2Lite,
        ["v2lite-split"] = V2Lite with { SplitKvB = true },
        ["v3-legacy"] = V3,
        ["v3-split"] = V3 with { SplitKvB = true },
    };
}

/// <summary>Writes each deepseek2 model once per test run into a temporary folder.</summary>
public sealed class DeepSeek2ModelFiles : IDisposable
{
    readonly ModelFileCache _files = new("longdoc-deepseek2");

    public string Gguf(string config, GgmlType type = GgmlType.F32) =>
        Get($"{config}-{type}.gguf", p => RandomModelWriter.WriteGguf(Spec(config, type), p));

    public string Safetensors(string config, GgmlType type = GgmlType.F32) =>
        Get($"{config}-{type}-hf", p => RandomModelWriter.WriteSafetensors(Spec(config, type), p));

    public static RandomModelSpec Spec(string config, GgmlType type = GgmlType.F32) => DeepSeek2Configs.Specs[config] with { WeightType = type };

    string Get(string name, Action<string> write) => _files.Get(name, write);

    public void Dispose() => _files.Dispose();
}
