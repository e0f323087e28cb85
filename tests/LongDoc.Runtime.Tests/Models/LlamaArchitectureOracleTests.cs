using LongDoc.Runtime.Models;
using LongDoc.Runtime.Weights;
using LongDoc.Testing.Oracle;
using LongDoc.Testing.RandomModels;
using Xunit.Abstractions;

namespace LongDoc.Runtime.Tests.Models;

/// <summary>
/// Architecture llama, dense (DeepSeek-LLM, R1-Distill-Llama) and with experts (Mixtral), against llama.cpp with the
/// settings of <see cref="Qwen3OracleTests"/>: logits at every position of a 72-token prompt and 32 greedy tokens.
/// </summary>
public sealed class LlamaArchitectureOracleTests(ITestOutputHelper output) : IDisposable
{
    static readonly Dictionary<string, RandomModelSpec> Specs = new()
    {
        ["llama-dense-gqa2"] = new() { Architecture = "llama", Embedding = 96, Heads = 4, KvHeads = 2, HeadDim = 32, Experts = 0, Ffn = 160, Vocab = 384, Seed = 404, RopeBase = 10000f },
        // R1-Distill-Llama (Llama 3.1/3.3): rope_freqs.weight from rope_scaling "llama3", factor 8 over 64 original positions
        ["llama3-rope-freqs"] = new() { Architecture = "llama", Embedding = 96, Heads = 4, KvHeads = 2, HeadDim = 32, Experts = 0, Ffn = 160, Vocab = 384, Seed = 404, RopeBase = 500000f, Llama3RopeFactor = 8f },
        ["mixtral-e4-gqa2"] = new() { Architecture = "llama", Embedding = 64, Heads = 4, KvHeads = 2, HeadDim = 16, Experts = 4, ExpertsUsed = 2, ExpertFfn = 64, Vocab = 320, Seed = 1, RopeBase = 1_000_000f },
    };

    public static TheoryData<string, GgmlType> Cases() => OracleModelFolder.Cases(Specs.Keys, GgmlType.F32, GgmlType.F16);

    readonly OracleModelFolder _models = new("llama", Specs);

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
        Assert.Equal(spec.IsMoe, model.Config.IsMoe);
        Assert.Equal(RopeStyle.Norm, model.Config.RopeStyle);
        double worst = OracleModelFolder.WorstRelativeL2(model, prompt, expected);
        output.WriteLine($"{config} {type}: max relative L2 {worst:E2}, router min top-k gap {model.Transformer.RouterMinGap:E2}");
        Assert.True(worst <= OracleConfigs.Tolerance(type), $"{config} {type}: max relative L2 {worst:E2} > {OracleConfigs.Tolerance(type):E0}");
    }

    [Theory]
    [InlineData("llama-dense-gqa2")]
    [InlineData("llama3-rope-freqs")]
    [InlineData("mixtral-e4-gqa2")]
    public void Generate32Greedy_SameIdsAsLlamaCpp(string config)
    {
        var (expected, actual) = _models.GreedyIds(config);
        Assert.Equal(expected, actual);
    }

    [Fact]
    public void RopeFreqs_ChangeTheModel_FarBeyondTheOracleTolerance()
    {
        // The same weights without rope_freqs.weight: if the factors were ignored, the oracle test above could not pass.
        string with = Write("llama3-rope-freqs", GgmlType.F32, out var spec);
        string without = Path.Combine(_models.Directory.FullName, "no-rope-freqs.gguf");
        RandomModelWriter.WriteGguf(spec with { Llama3RopeFactor = 0 }, without);
        var prompt = OracleConfigs.Prompt(spec);
        float[] Logits(string path)
        {
            using var model = Load(path);
            var logits = new float[prompt.Length * spec.Vocab];
            model.Model.Forward(prompt, logits);
            return logits;
        }
        float[] a = Logits(with), b = Logits(without);
        int v = spec.Vocab;
        double worst = Enumerable.Range(0, prompt.Length).Max(t => OracleConfigs.RelativeL2(a.AsSpan(t * v, v), b.AsSpan(t * v, v)));
        output.WriteLine($"with vs without rope_freqs: max relative L2 {worst:E2}");
        Assert.True(worst > 1e-2, $"rope_freqs moved the logits by only {worst:E2}");
    }

    public void Dispose() => _models.Dispose();
}
