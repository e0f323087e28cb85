using LongDoc.Runtime.Models;
using LongDoc.Runtime.Weights;
using LongDoc.Testing.Oracle;
using Xunit.Abstractions;

namespace LongDoc.Runtime.Tests.Models;

/// <summary>
/// qwen3moe and qwen3 against llama.cpp (README "How correctness is checked" settings: F32 KV cache on both sides, no flash attention):
/// logits at every position of a 72-token prompt within relative L2 1e-4 (F32 weights) or 2e-3 (F16, Q8_0),
/// and 32 greedy tokens identical.
/// </summary>
public sealed class Qwen3OracleTests(OracleModelFiles files, ITestOutputHelper output) : IClassFixture<OracleModelFiles>
{
    public static TheoryData<string, GgmlType> Cases()
    {
        var data = new TheoryData<string, GgmlType>();
        foreach (var config in OracleConfigs.Specs.Keys)
            foreach (var type in new[] { GgmlType.F32, GgmlType.F16, GgmlType.Q8_0 })
                data.Add(config, type);
        return data;
    }

    static LoadedModel Load(string path) =>
        ModelLoader.Load(path, new RuntimeOptions { KvCacheType = KvCacheType.F32, Threads = 2, MaxBatch = 32 });

    [Theory]
    [MemberData(nameof(Cases))]
    public void Logits_EveryPosition_MatchLlamaCpp(string config, GgmlType type)
    {
        string path = files.Gguf(config, type);
        var prompt = OracleConfigs.Prompt(OracleModelFiles.Spec(config, type));
        var expected = LlamaOracle.Logits(path, prompt, allPositions: true);

        using var model = Load(path);
        int v = model.Config.VocabSize;
        var logits = new float[prompt.Length * v];
        // MaxBatch 32 splits the 72-token prompt into 3 batches: batching must not change the result.
        model.Model.Forward(prompt, logits);

        double worst = 0;
        for (int t = 0; t < prompt.Length; t++)
            worst = Math.Max(worst, OracleConfigs.RelativeL2(expected[t], logits.AsSpan(t * v, v)));
        output.WriteLine($"{config} {type}: max relative L2 {worst:E2}, router min top-k gap {model.Transformer.RouterMinGap:E2}");
        Assert.True(worst <= OracleConfigs.Tolerance(type), $"{config} {type}: max relative L2 {worst:E2} > {OracleConfigs.Tolerance(type):E0}");
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void Generate32Greedy_SameIdsAsLlamaCpp(string config, GgmlType type)
    {
        string path = files.Gguf(config, type);
        var prompt = OracleConfigs.Prompt(OracleModelFiles.Spec(config, type));
        var expected = LlamaOracle.Generate(path, prompt, OracleConfigs.GenerateTokens);

        using var model = Load(path);
        var actual = OracleConfigs.Generate(model.Model, prompt, OracleConfigs.GenerateTokens);

        Assert.Equal(expected, actual);
    }
}
