using LongDoc.Runtime.Models;
using LongDoc.Runtime.Weights;
using LongDoc.Testing.Oracle;
using Xunit.Abstractions;

namespace LongDoc.Runtime.Tests.Models;

/// <summary>
/// deepseek2 against llama.cpp (DESIGN.md §4 settings: F32 weights, F32 KV cache on both sides, no flash attention):
/// logits at every position of a 72-token prompt within relative L2 1e-4, and 32 greedy tokens identical, for the
/// V2-Lite-like and V3-like models in both GGUF layouts.
/// </summary>
public sealed class DeepSeek2OracleTests(DeepSeek2ModelFiles files, ITestOutputHelper output) : IClassFixture<DeepSeek2ModelFiles>
{
    public static TheoryData<string> Cases() => [.. DeepSeek2Configs.Specs.Keys];

    /// <summary>F16 weights (matrices f16, norms and router f32 as llama.cpp's converter writes them).</summary>
    public static TheoryData<string> F16Cases() => ["v2lite-split", "v3-legacy"];

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
    [MemberData(nameof(F16Cases))]
    public void Logits_F16Weights_WithinF16ToleranceOfLlamaCpp(string config)
    {
        string path = files.Gguf(config, GgmlType.F16);
        var prompt = OracleConfigs.Prompt(DeepSeek2ModelFiles.Spec(config));
        var expected = LlamaOracle.Logits(path, prompt, allPositions: true);

        using var model = Load(path);
        int v = model.Config.VocabSize;
        var logits = new float[prompt.Length * v];
        model.Model.Forward(prompt, logits);

        double worst = 0;
        for (int t = 0; t < prompt.Length; t++)
            worst = Math.Max(worst, OracleConfigs.RelativeL2(expected[t], logits.AsSpan(t * v, v)));
        output.WriteLine($"{config} F16: max relative L2 {worst:E2}, router min gap {model.Transformer.RouterMinGap:E2}");
        Assert.True(worst <= OracleConfigs.Tolerance(GgmlType.F16), $"{config} F16: max relative L2 {worst:E2}");
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
