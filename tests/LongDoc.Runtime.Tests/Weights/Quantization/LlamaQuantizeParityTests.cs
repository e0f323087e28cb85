using LongDoc.Runtime.Weights;
using LongDoc.Runtime.Weights.Quantization;
using LongDoc.Testing.Oracle;
using LongDoc.Testing.RandomModels;
using Xunit.Abstractions;

namespace LongDoc.Runtime.Tests.Weights.Quantization;

/// <summary>
/// The decisive check of our quantizers: llama.cpp quantizes an F32 random model (llama_model_quantize, no
/// importance matrix, so ggml's quantize_row_*_ref), and every tensor it stored in a type we write must be the
/// bytes our <see cref="RowEncoder"/> gives for the same F32 rows.
/// </summary>
public sealed class LlamaQuantizeParityTests(ITestOutputHelper output)
{
    static RandomModelSpec Spec(int layers = 2) => new()
    {
        Architecture = "qwen3", Embedding = 256, Heads = 4, KvHeads = 2, HeadDim = 64, Ffn = 256, Layers = layers,
        Vocab = 320, Seed = 8,
    };

    [Theory]
    [InlineData("Q4_0")]
    [InlineData("Q4_1")]
    [InlineData("Q5_0")]
    [InlineData("Q5_1")]
    [InlineData("Q4_K_M")]
    [InlineData("Q5_K_M")]
    [InlineData("Q6_K")]
    [InlineData("Q8_0")]
    public void LlamaCppQuantize_EveryTensorOfOurTypes_EqualsRowEncoderBytes(string fileType)
    {
        using var dir = new TempFolder();
        var spec = Spec();
        string f32 = dir.File("f32.gguf"), quantized = dir.File("q.gguf");
        RandomModelWriter.WriteGguf(spec, f32);
        LlamaOracle.Quantize(f32, quantized, fileType);

        using var source = GgufFile.Open(f32);
        using var theirs = GgufFile.Open(quantized);
        var checkedTypes = new HashSet<GgmlType>();
        int tensors = 0;
        foreach (var t in theirs.Tensors)
        {
            if (t.Type == GgmlType.F32 || !RowEncoder.CanEncode(t.Type)) continue;
            var s = source.Tensors.Single(x => x.Name == t.Name);
            int cols = checked((int)t.Dims[0]);
            var ours = Encode(source, s, t.Type, cols);
            var bytes = Bytes(theirs, t);
            int diff = Enumerable.Range(0, bytes.Length).Count(i => bytes[i] != ours[i]);
            Assert.True(diff == 0, $"{t.Name} ({t.Type}): {diff} of {bytes.Length} bytes differ from llama.cpp's");
            checkedTypes.Add(t.Type);
            tensors++;
        }
        output.WriteLine($"{fileType}: {tensors} tensors byte-identical, types {string.Join(", ", checkedTypes)}");
        Assert.True(tensors > 0);
    }

    [Fact]
    public void LlamaCppQ4_K_M_TensorTypes_MatchOurQ4_K_MRule()
    {
        // 9 layers: use_more_bits picks layers 0 (first eighth), 3 and 6 ((i - 1) % 3 == 2) and 8 (last eighth).
        using var dir = new TempFolder();
        var spec = Spec(layers: 9) with { Ffn = 256, Vocab = 259 };
        string f32 = dir.File("f32.gguf"), quantized = dir.File("q.gguf");
        RandomModelWriter.WriteGguf(spec, f32);
        LlamaOracle.Quantize(f32, quantized, "Q4_K_M");
        var ours = spec with { WeightType = GgmlType.Q4_K, Mix = QuantMix.Q4_K_M };
        using var theirs = GgufFile.Open(quantized);
        foreach (var t in theirs.Tensors.Where(t => t.Dims.Length == 2))
            Assert.True(ours.MatrixType(t.Name, (int)t.Dims[0]) == t.Type, $"{t.Name}: llama.cpp {t.Type}, our rule {ours.MatrixType(t.Name, (int)t.Dims[0])}");
    }

    static unsafe byte[] Bytes(GgufFile file, GgufTensorInfo t) =>
        new ReadOnlySpan<byte>(file.TensorData(t), checked((int)t.ByteCount)).ToArray();

    static byte[] Encode(GgufFile source, GgufTensorInfo f32, GgmlType type, int cols)
    {
        var values = System.Runtime.InteropServices.MemoryMarshal.Cast<byte, float>(Bytes(source, f32)).ToArray();
        return RandomModelWriter.Encode(values, type, cols);
    }
}
