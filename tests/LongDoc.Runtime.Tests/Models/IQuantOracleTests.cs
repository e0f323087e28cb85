using LongDoc.Runtime.Models;
using LongDoc.Runtime.Weights;
using LongDoc.Testing.Oracle;
using Xunit.Abstractions;

namespace LongDoc.Runtime.Tests.Models;

/// <summary>
/// I-quant files (<see cref="IQuantModelFiles"/>) run by us and by llama.cpp: logits at every position of the prompt
/// (qwen3moe and deepseek2) and greedy ids (qwen3moe).
/// There is no F16 source to measure llama.cpp's own quantization error against (the blocks are random), so the bounds
/// are absolute: position 0, where every matrix is used once and nothing came before, must agree to
/// <see cref="Position0Bound"/>; every later position to <see cref="AnyPositionBound"/> (see there); greedy decoding
/// must pick the same ids. A wrong grid entry, sign, scale or f32 step moves logits by far more than either bound.
/// </summary>
public sealed class IQuantOracleTests(IQuantModelFiles files, ITestOutputHelper output) : IClassFixture<IQuantModelFiles>
{
    static readonly GgmlType[] Types =
        [GgmlType.IQ2_XXS, GgmlType.IQ2_XS, GgmlType.IQ3_XXS, GgmlType.IQ3_S, GgmlType.IQ2_S, GgmlType.IQ1_S, GgmlType.IQ1_M];

    public static TheoryData<string, GgmlType> Cases()
    {
        var data = new TheoryData<string, GgmlType>();
        foreach (var config in IQuantModelFiles.Configs.Keys)
            foreach (var type in Types) data.Add(config, type);
        return data;
    }

    /// <summary>qwen3moe only: deepseek2's decode absorbs attn_kv_b into the query in f32 where llama.cpp multiplies
    /// with 8-bit activations, so its ids may legitimately differ (LlamaQuantizedOracleTests.GenerateCases).</summary>
    public static TheoryData<GgmlType> GenerateTypes() => [.. Types];

    /// <summary>Relative L2 at position 0: f32 summation order alone (measured ~1e-7).</summary>
    public const double Position0Bound = 1e-5;

    /// <summary>
    /// Relative L2 at any position. Activations are re-quantized to int8 before every matmul, so a 1e-7 difference in
    /// summation order that straddles a rounding boundary moves one int8 by 1 (LlamaQuantizedOracleTests explains these
    /// flips); near a router tie that can pick another expert at that position. Measured on these 14 files: every
    /// position within 1e-7..4e-7 until the first flip (none in 9 files); the flipped position itself up to 9.4e-2
    /// (qwen3moe IQ2_XXS at position 8, a router near-tie: top-k gap 6e-4), other positions up to 2.3e-2 through
    /// attention. A wrong grid entry, sign or scale is off by the order of the logits at position 0 already, where every
    /// matrix of the file is used (measured: IQ2_XXS reading 6 of the first entry's 7 sign bits, 0.45 and 0.61).
    /// </summary>
    public const double AnyPositionBound = 0.15;

    static LoadedModel Load(string path) =>
        ModelLoader.Load(path, new RuntimeOptions { KvCacheType = KvCacheType.F32, Threads = 2, MaxBatch = 32 });

    [Theory]
    [MemberData(nameof(Cases))]
    public void Logits_EveryPosition_MatchLlamaCpp(string config, GgmlType type)
    {
        string path = files.File(config, type);
        var prompt = IQuantModelFiles.Prompt(config);
        var llama = LlamaOracle.Logits(path, prompt, allPositions: true);
        using var model = Load(path);
        int v = model.Config.VocabSize;
        var ours = new float[prompt.Length * v];
        model.Model.Forward(prompt, ours);
        var distance = Enumerable.Range(0, prompt.Length).Select(t => OracleConfigs.RelativeL2(llama[t], ours.AsSpan(t * v, v))).ToArray();
        output.WriteLine($"{config} {type}: position 0 {distance[0]:E2}, max {distance.Max():E2}, positions over 1e-5: {distance.Count(d => d > 1e-5)} of {prompt.Length}; " +
            $"router min top-k gap {model.Transformer.RouterMinGap:E2}; per position {string.Join(" ", distance.Select(d => d.ToString("E1")))}");
        Assert.True(distance[0] <= Position0Bound, $"{config} {type}: position 0 is off llama.cpp by {distance[0]:E2}");
        Assert.True(distance.Max() <= AnyPositionBound, $"{config} {type}: a position is off llama.cpp by {distance.Max():E2}");
    }

    [Theory]
    [MemberData(nameof(GenerateTypes))]
    public void Generate32Greedy_SameIdsAsLlamaCpp(GgmlType type)
    {
        string path = files.File("moe", type);
        var prompt = IQuantModelFiles.Prompt("moe");
        var expected = LlamaOracle.Generate(path, prompt, OracleConfigs.GenerateTokens);
        using var model = Load(path);
        Assert.Equal(expected, OracleConfigs.Generate(model.Model, prompt, OracleConfigs.GenerateTokens));
    }
}
