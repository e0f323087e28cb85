using LongDoc.Runtime.Models;
using LongDoc.Runtime.Weights;
using LongDoc.Testing.RandomModels;

namespace LongDoc.Runtime.Tests.Weights;

/// <summary>Misuse of <see cref="IModelWeights"/> gets errors that name the source and the tensor, in both formats.</summary>
public sealed class ModelWeightsTests : IDisposable
{
    readonly TempFolder _dir = new();
    public void Dispose() => _dir.Dispose();

    public static TheoryData<bool> Formats => new() { true, false };

    ModelFiles Open(bool gguf)
    {
        var spec = new RandomModelSpec { Seed = 5 };
        string path = gguf ? _dir.File("m.gguf") : _dir.File("hf");
        if (gguf) RandomModelWriter.WriteGguf(spec, path);
        else RandomModelWriter.WriteSafetensors(spec, path);
        return ModelFiles.Open(path);
    }

    [Theory]
    [MemberData(nameof(Formats))]
    public void Matrix_UnknownName_NamesSourceAndTensor(bool gguf)
    {
        using var m = Open(gguf);
        var e = Assert.Throws<WeightFormatException>(() => m.Weights.Matrix("blk.9.attn_q.weight"));
        Assert.Equal((m.Source, "blk.9.attn_q.weight"), (e.File, e.Field));
    }

    [Theory]
    [MemberData(nameof(Formats))]
    public void Matrix_OfAVector_Throws(bool gguf)
    {
        using var m = Open(gguf);
        var e = Assert.Throws<WeightFormatException>(() => m.Weights.Matrix("output_norm.weight"));
        Assert.Contains("2-D", e.Message);
    }

    [Theory]
    [MemberData(nameof(Formats))]
    public void Expert_OutOfRange_Throws(bool gguf)
    {
        using var m = Open(gguf);
        Assert.Throws<ArgumentOutOfRangeException>(() => m.Weights.Expert("blk.0.ffn_gate_exps.weight", 4));
    }

    [Theory]
    [MemberData(nameof(Formats))]
    public void Matrix_Shapes_AreRowsOutColsIn(bool gguf)
    {
        using var m = Open(gguf);
        var q = m.Weights.Matrix("blk.0.attn_q.weight");
        var down = m.Weights.Expert("blk.0.ffn_down_exps.weight", 1);
        var router = m.Weights.Matrix("blk.0.ffn_gate_inp.weight");
        Assert.Equal((128, 64), (q.Rows, q.Cols));     // (H*Dh, D)
        Assert.Equal((64, 32), (down.Rows, down.Cols)); // (D, F)
        Assert.Equal((4, 64), (router.Rows, router.Cols)); // (E, D)
        Assert.Equal(64, m.Weights.Vector("blk.0.attn_norm.weight").Length);
    }

    [Theory]
    [InlineData(GgmlType.F32)]
    [InlineData(GgmlType.F16)]
    [InlineData(GgmlType.BF16)]
    public void Vector_StoredTypes_ConvertToF32InBothFormats(GgmlType type)
    {
        float[] values = [1f, -0.5f, 3.25f, 1024f]; // exact in every type
        var bytes = RandomModelWriter.Encode(values, type, values.Length);
        string gguf = _dir.File("v.gguf"), st = _dir.File("v.safetensors");
        new GgufWriter().Add("general.architecture", "qwen3").AddTensor("output_norm.weight", type, [4], bytes).Write(gguf);
        new SafetensorsWriter().AddTensor("model.norm.weight", type, [4], bytes).Write(st);
        using var a = new GgufModelWeights(GgufFile.Open(gguf));
        using var b = new SafetensorsModelWeights(SafetensorsFolder.Open(_dir.Path), "qwen3");
        Assert.Equal(values, a.Vector("output_norm.weight"));
        Assert.Equal(values, b.Vector("output_norm.weight"));
        Assert.Equal(type, b.TensorTypes["output_norm.weight"]);
    }
}
