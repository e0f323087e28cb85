using LongDoc.Runtime.Backends.Cpu;
using LongDoc.Runtime.Models;
using LongDoc.Runtime.Tests.Models;
using LongDoc.Runtime.Tests.Weights;
using LongDoc.Runtime.Weights;
using LongDoc.Testing.RandomModels;

namespace LongDoc.Runtime.Tests.Layers;

/// <summary>
/// Decode takes the experts' two-call path (gate and up of every chosen expert in one MatMulPerToken, then every
/// down); with a batch of one token the grouped per-expert path runs instead (no room for 2A rows). Token by token,
/// both must give the same logits bit for bit, for float and quantized experts, Q4_K_M's mixed gate/up/down types
/// and DeepSeek's shared experts included.
/// </summary>
public sealed class ExpertsDecodeTests : IDisposable
{
    readonly TempFolder _dir = new();
    public void Dispose() => _dir.Dispose();

    public static TheoryData<string> Specs() => ["qwen3moe-f32", "qwen3moe-top4", "mixtral-f16", "moe-Q8_0", "moe-Q4_K_M", "deepseek2-Q4_K", "deepseek2-v3like"];

    static RandomModelSpec Spec(string name) => name switch
    {
        "qwen3moe-f32" => new() { Architecture = "qwen3moe", Seed = 31 },
        "qwen3moe-top4" => new() { Architecture = "qwen3moe", Experts = 8, ExpertsUsed = 4, Seed = 37 },   // 4 terms: the sum's order shows
        "mixtral-f16" => new() { Architecture = "llama", Experts = 4, ExpertsUsed = 2, WeightType = GgmlType.F16, Seed = 32 },
        "moe-Q8_0" => QuantizedModelFiles.Configs["moe"] with { WeightType = GgmlType.Q8_0, Seed = 33 },
        "moe-Q4_K_M" => QuantizedModelFiles.Configs["moe"] with { WeightType = GgmlType.Q4_K, Mix = QuantMix.Q4_K_M, Seed = 34 },
        "deepseek2-Q4_K" => QuantizedModelFiles.Configs["deepseek2"] with { WeightType = GgmlType.Q4_K, Seed = 35 },
        "deepseek2-v3like" => new() { Architecture = "deepseek2", Layers = 3, QLoraRank = 32, Gating = ExpertGating.Sigmoid, RouterBias = true,
            Experts = 8, ExpertsUsed = 2, Groups = 4, GroupsUsed = 2, RoutedScale = 2.5f, NormTopK = true, Seed = 36 },
        _ => throw new ArgumentException(name),
    };

    const int Tokens = 6;

    float[] Decode(string name, int maxBatch)
    {
        string path = _dir.File(name + ".gguf");
        if (!File.Exists(path)) RandomModelWriter.WriteGguf(Spec(name), path);
        using var files = ModelFiles.Open(path);
        using var cpu = new CpuBackend(2);
        var model = new TransformerModel(files.Config, files.Weights, cpu, 16, KvCacheType.F32, maxBatch: maxBatch);
        int v = files.Config.VocabSize;
        var logits = new float[Tokens * v];
        for (int t = 0; t < Tokens; t++) model.Forward([(t * 37 + 5) % v], logits.AsSpan(t * v, v));
        return logits;
    }

    [Theory]
    [MemberData(nameof(Specs))]
    public void Forward_OneToken_TwoCallPathEqualsGroupedPathBitForBit(string name) =>
        Assert.Equal(Decode(name, maxBatch: 1), Decode(name, maxBatch: 16));
}
