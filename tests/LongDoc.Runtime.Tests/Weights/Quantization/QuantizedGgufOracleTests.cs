using LongDoc.Runtime.Weights;
using LongDoc.Runtime.Weights.Quantization;
using LongDoc.Testing.Oracle;
using LongDoc.Testing.RandomModels;
using Xunit.Abstractions;

namespace LongDoc.Runtime.Tests.Weights.Quantization;

/// <summary>
/// llama.cpp reads our quantized blocks as we mean them: a tiny qwen3 GGUF with each type, run by the oracle,
/// against the same weights stored as F32 (their dequantized values). A wrong bit layout would hand llama.cpp
/// other weights and move the logits by O(1); the right one leaves only llama.cpp's activation quantization.
/// </summary>
public sealed class QuantizedGgufOracleTests(ITestOutputHelper output)
{
    static readonly int[] Prompt = [1, 300, 17, 42, 259, 5];

    // All widths 256 so every k-quant fits: D = 256, H * Dh = 4 * 64, FFN 256.
    static RandomModelSpec Spec(GgmlType type, QuantMix mix = QuantMix.None) => new()
    {
        Architecture = "qwen3", Embedding = 256, Heads = 4, KvHeads = 2, HeadDim = 64, Ffn = 256, Layers = 2,
        Vocab = 320, Seed = 5, WeightType = type, Mix = mix,
    };

    [Theory]
    [InlineData(GgmlType.Q8_0, QuantMix.None)]
    [InlineData(GgmlType.Q4_0, QuantMix.None)]
    [InlineData(GgmlType.Q4_K, QuantMix.None)]
    [InlineData(GgmlType.Q5_K, QuantMix.None)]
    [InlineData(GgmlType.Q6_K, QuantMix.None)]
    [InlineData(GgmlType.Q4_K, QuantMix.Q4_K_M)]
    public void LlamaCpp_QuantizedFile_MatchesItsDequantizedF32Twin(GgmlType type, QuantMix mix)
    {
        using var dir = new TempFolder();
        var spec = Spec(type, mix);
        string quantized = dir.File("q.gguf"), twin = dir.File("f32.gguf");
        RandomModelWriter.WriteGguf(spec, quantized);
        RandomModelWriter.WriteGguf(spec, twin, dequantized: true);

        var q = LlamaOracle.Logits(quantized, Prompt, allPositions: true);
        var f = LlamaOracle.Logits(twin, Prompt, allPositions: true);

        Assert.All(q, row => Assert.All(row, v => Assert.True(float.IsFinite(v))));
        float maxDiff = 0, spread = 0;
        for (int t = 0; t < Prompt.Length; t++)
        {
            spread = MathF.Max(spread, f[t].Max() - f[t].Min());
            for (int v = 0; v < f[t].Length; v++) maxDiff = MathF.Max(maxDiff, MathF.Abs(q[t][v] - f[t][v]));
        }
        // Measured: max diff 0.016-0.021 on a spread of ~3.9 for every type (Q8_0 included), i.e. llama.cpp's own
        // activation quantization; a misread layout scrambles weights within blocks and moves logits by O(spread).
        output.WriteLine($"{type} {mix}: max |logit diff| {maxDiff:G4}, logit spread {spread:G4}");
        Assert.True(maxDiff < 0.02f * spread, $"{type}: llama.cpp's logits differ by {maxDiff} (spread {spread})");
    }

    [Fact]
    public void WriteGguf_Q4_K_M_StoresAttnVAndFfnDownInQ6_KWhereLlamaCppWould()
    {
        using var dir = new TempFolder();
        string path = dir.File("m.gguf");
        RandomModelWriter.WriteGguf(Spec(GgmlType.Q4_K, QuantMix.Q4_K_M), path);
        using var file = GgufFile.Open(path);
        GgmlType TypeOf(string name) => file.Tensors.Single(t => t.Name == name).Type;
        // 2 layers: use_more_bits is false for layer 0 (0 < 0, 0 >= 1, 0 % 3 == 2 all fail) and true for layer 1.
        Assert.Equal(GgmlType.Q4_K, TypeOf("blk.0.attn_v.weight"));
        Assert.Equal(GgmlType.Q6_K, TypeOf("blk.1.attn_v.weight"));
        Assert.Equal(GgmlType.Q6_K, TypeOf("blk.1.ffn_down.weight"));
        Assert.Equal(GgmlType.Q4_K, TypeOf("blk.1.attn_q.weight"));
        Assert.Equal(GgmlType.Q6_K, TypeOf("output.weight"));
        Assert.Equal(GgmlType.Q4_K, TypeOf("token_embd.weight"));
    }

    [Theory]
    [InlineData(GgmlType.Q4_0)]
    [InlineData(GgmlType.Q4_K)]
    [InlineData(GgmlType.Q6_K)]
    public void WriteGguf_QuantizedSpec_RowDecoderGivesTheGeneratedValues(GgmlType type)
    {
        using var dir = new TempFolder();
        string path = dir.File("m.gguf");
        var spec = Spec(type);
        RandomModelWriter.WriteGguf(spec, path);
        var expected = RandomWeights.Generate(spec).Single(t => t.InternalName == "blk.0.ffn_down.weight");
        using var file = GgufFile.Open(path);
        var info = file.Tensors.Single(t => t.Name == "blk.0.ffn_down.weight");
        Assert.Equal(type, info.Type);
        var values = new float[expected.Values.Length];
        unsafe { RowDecoder.ToSingle(type, new ReadOnlySpan<byte>(file.TensorData(info), checked((int)info.ByteCount)), values); }
        Assert.Equal(expected.Values, values);
    }

    [Fact]
    public void Validate_KQuantWithWidth64_NamesTheWidths()
    {
        var e = Assert.Throws<ArgumentException>(() => new RandomModelSpec { WeightType = GgmlType.Q4_K }.Validate());
        Assert.Contains("multiples of 256", e.Message);
    }
}
