using LongDoc.Runtime.Models;
using LongDoc.Runtime.Weights;
using LongDoc.Testing.Oracle;
using Xunit.Abstractions;

namespace LongDoc.Runtime.Tests.Models;

/// <summary>
/// deepseek2 against llama.cpp (README "How correctness is checked" settings: F32 weights, F32 KV cache on both sides, no flash attention):
/// logits at every position of a 72-token prompt within relative L2 1e-4, and 32 greedy tokens identical, for the
/// V2-Lite-like and V3-like models in both GGUF layouts.
/// </summary>
public sealed class DeepSeek2OracleTests(DeepSeek2ModelFiles files, ITestOutputHelper output) : IClassFixture<DeepSeek2ModelFiles>
{
    public static TheoryData<string> Cases() => [.. DeepSeek2Configs.Specs.Keys];

    /// <summary>F16 and Q8_0 weights (norms and router stay f32, as llama.cpp's converter writes them); Q8_0 only in
    /// the legacy layout, whose widths are all multiples of the 32-wide block.</summary>
    public static TheoryData<string, GgmlType> QuantizedCases() => new()
    {
        { "v2lite-split", GgmlType.F16 }, { "v3-legacy", GgmlType.F16 },
        { "v2lite-legacy", GgmlType.Q8_0 }, { "v3-legacy", GgmlType.Q8_0 },
    };

    static LoadedModel Load(string path) =>
        ModelLoader.Load(path, new RuntimeOptions { KvCacheType = KvCacheType.F32, Threads = 2, MaxBatch = 32 });

    [Theory]
    [MemberData(nameof(Cases))]
    public void Logits_EveryPosition_MatchLlamaCpp(string config)
    {
        string path = files.Gguf(config);
        var prompt = OracleConfigs.Prompt(DeepSeek2ModelFiles.Spec(config));
        var expected = LlamaOracle.Logits(path, prompt, allPositions: true);

        using var model = Load(path);
        int v = model.Config.VocabSize;
        var logits = new float[prompt.Length * v];
        // MaxBatch 32 splits the 72-token prompt into 3 batches: later batches attend to latents already cached.
        model.Model.Forward(prompt, logits);

        double worst = 0;
        for (int t = 0; t < prompt.Length; t++)
            worst = Math.Max(worst, OracleConfigs.RelativeL2(expected[t], logits.AsSpan(t * v, v)));
        output.WriteLine($"{config}: max relative L2 {worst:E2}, router min gap {model.Transformer.RouterMinGap:E2}");
        Assert.True(worst <= 1e-4, $"{config}: max relative L2 {worst:E2} > 1e-4");
    }

    [Theory]
    [MemberData(nameof(QuantizedCases))]
    public void Logits_F16OrQ8Weights_WithinToleranceOfLlamaCpp(string config, GgmlType type)
    {
        string path = files.Gguf(config, type);
        var prompt = OracleConfigs.Prompt(DeepSeek2ModelFiles.Spec(config));
        var expected = LlamaOracle.Logits(path, prompt, allPositions: true);

        using var model = Load(path);
        int v = model.Config.VocabSize;
        var logits = new float[prompt.Length * v];
        model.Model.Forward(prompt, logits);

        double worst = 0;
        for (int t = 0; t < prompt.Length; t++)
            worst = Math.Max(worst, OracleConfigs.RelativeL2(expected[t], logits.AsSpan(t * v, v)));
        output.WriteLine($"{config} {type}: max relative L2 {worst:E2}, router min gap {model.Transformer.RouterMinGap:E2}");
        Assert.True(worst <= OracleConfigs.Tolerance(type), $"{config} {type}: max relative L2 {worst:E2}");
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void Generate32Greedy_SameIdsAsLlamaCpp(string config)
    {
        string path = files.Gguf(config);
        var prompt = OracleConfigs.Prompt(DeepSeek2ModelFiles.Spec(config));
        var expected = LlamaOracle.Generate(path, prompt, OracleConfigs.GenerateTokens);

        using var model = Load(path);
        var actual = OracleConfigs.Generate(model.Model, prompt, OracleConfigs.GenerateTokens);
        output.WriteLine($"{config}: router min gap {model.Transformer.RouterMinGap:E2}");

        Assert.Equal(expected, actual);
    }
}
