using LongDoc.Runtime.Models;
using LongDoc.Runtime.Weights;
using LongDoc.Testing.Oracle;
using LongDoc.Testing.RandomModels;
using Xunit.Abstractions;

namespace LongDoc.Runtime.Tests.Models;

/// <summary>
/// Architecture qwen2 (R1-Distill-Qwen) against llama.cpp with the settings of <see cref="Qwen3OracleTests"/>: logits at
/// every position of a 72-token prompt and 32 greedy tokens. The random biases (±0.5) are large enough that dropping
/// one, or adding it after RoPE, moves the logits by far more than the tolerance.
/// </summary>
public sealed class Qwen2OracleTests(ITestOutputHelper output) : IDisposable
{
    public static readonly Dictionary<string, RandomModelSpec> Specs = new()
    {
        ["qwen2-gqa2"] = new() { Architecture = "qwen2", Embedding = 128, Heads = 4, KvHeads = 2, HeadDim = 32, Ffn = 160, Vocab = 384, Seed = 11, RopeBase = 10000f },
        // the small R1-Distill-Qwen models tie the output to the embedding; GQA 4 as in Qwen2.5-1.5B (12/2 heads)
        ["qwen2-gqa4-tied"] = new() { Architecture = "qwen2", Embedding = 128, Heads = 8, KvHeads = 2, HeadDim = 16, Ffn = 192, Vocab = 320, Seed = 12, TiedEmbeddings = true },
    };

    public static TheoryData<string, GgmlType> Cases() => OracleModelFolder.Cases(Specs.Keys, GgmlType.F32, GgmlType.F16);

    readonly OracleModelFolder _models = new("qwen2", Specs);

    string Write(string config, GgmlType type, out RandomModelSpec spec) => _models.Write(config, type, out spec);

    static LoadedModel Load(string path) => OracleModelFolder.Load(path);

    [Theory]
    [MemberData(nameof(Cases))]
    public void Logits_EveryPosition_MatchLlamaCpp(string config, GgmlType type)
    {
        string path = Write(config, type, out var spec);
        var prompt = OracleConfigs.Prompt(spec);
        var expected = LlamaOracle.Logits(path, prompt, allPositions: true);

        using var model = Load(path);
        Assert.Equal(("qwen2", RopeStyle.Neox, spec.TiedEmbeddings), (model.Config.Architecture, model.Config.RopeStyle, model.Config.TiedEmbeddings));
        double worst = OracleModelFolder.WorstRelativeL2(model, prompt, expected);
        output.WriteLine($"{config} {type}: max relative L2 {worst:E2}");
        Assert.True(worst <= OracleConfigs.Tolerance(type), $"{config} {type}: max relative L2 {worst:E2} > {OracleConfigs.Tolerance(type):E0}");
    }

    [Theory]
    [InlineData("qwen2-gqa2")]
    [InlineData("qwen2-gqa4-tied")]
    public void Generate32Greedy_SameIdsAsLlamaCpp(string config)
    {
        var (expected, actual) = _models.GreedyIds(config);
        Assert.Equal(expected, actual);
    }

    [Fact]
    public void Block_FileWithoutBiases_NamesTheMissingBias()
    {
        // The same weights without biases (a llama file): not a qwen2 model (llama.cpp refuses it too).
        string path = Path.Combine(_models.Directory.FullName, "no-bias.gguf");
        RandomModelWriter.WriteGguf(Specs["qwen2-gqa2"] with { Architecture = "llama" }, path);
        using var files = ModelFiles.Open(path);
        var e = Assert.Throws<WeightFormatException>(() => Qwen2.Block(files.Config with { Architecture = "qwen2" }, files.Weights, 0));
        Assert.Contains("blk.0.attn_q.bias", e.Message);
    }

    public void Dispose() => _models.Dispose();
}
