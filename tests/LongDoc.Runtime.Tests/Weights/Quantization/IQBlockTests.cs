using LongDoc.Runtime.Weights;
using LongDoc.Runtime.Weights.Quantization;

namespace LongDoc.Runtime.Tests.Weights.Quantization;

/// <summary>
/// Hand-built I-quant blocks laid out as ggml-common.h documents them, decoded to values computed by hand from the
/// grid entries as printed there (iq2xxs_grid[1] = 0x080808080808082b: value 0 is 0x2b = 43, the rest 8; and so on).
/// </summary>
public sealed class IQBlockTests
{
    const ushort One = 0x3C00, Half = 0x3800;

    static float[] Decode(GgmlType type, byte[] block)
    {
        var y = new float[256];
        RowDecoder.ToSingle(type, block, y);
        return y;
    }

    static void Put(byte[] b, int at, ushort v) => BitConverter.TryWriteBytes(b.AsSpan(at), v);
    static void Put(byte[] b, int at, uint v) => BitConverter.TryWriteBytes(b.AsSpan(at), v);

    [Fact]
    public void IQ2_XXS_HandBuiltBlock_GridIndexSignsAndScaleOfTheSecondWord()
    {
        var b = new byte[IQ2_XXSBlock.Bytes];
        Put(b, 0, One);
        b[2] = 1;                        // group 0, entry 0: iq2xxs_grid[1] = 43, 8, 8, 8, 8, 8, 8, 8
        Put(b, 6, (3u << 28) | 1);       // s = 3 -> (0.5 + 3) * 0.25 = 0.875; entry 0 signs ksigns[1] = 129: values 0 and 7 negative
        var y = Decode(GgmlType.IQ2_XXS, b);
        Assert.Equal([-37.625f, 7f, 7f, 7f, 7f, 7f, 7f, -7f, 7f], y[..9]);
        Assert.Equal(1f, y[32]);         // group 1: grid 0 (all 8), s = 0 -> 0.125
    }

    [Fact]
    public void IQ2_XS_HandBuiltBlock_NineBitIndexSevenSignBitsAndAScalePer16()
    {
        var b = new byte[IQ2_XSBlock.Bytes];
        Put(b, 0, One);
        Put(b, IQ2_XSBlock.QsOffset, (ushort)(3 | (2 << 9))); // iq2xs_grid[3] = 8, 43, 8, ...; ksigns[2] = 130: values 1 and 7 negative
        b[IQ2_XSBlock.ScalesOffset] = 0x52;                    // first 16: s = 2 -> 0.625; last 16: s = 5 -> 1.375
        var y = Decode(GgmlType.IQ2_XS, b);
        Assert.Equal([5f, -26.875f, 5f, 5f, 5f, 5f, 5f, -5f], y[..8]);
        Assert.Equal(11f, y[16]);
        Assert.Equal(1f, y[32]);
    }

    [Fact]
    public void IQ2_S_HandBuiltBlock_QhSuppliesIndexBits8And9_SignsArePlainBytes()
    {
        var b = new byte[IQ2_SBlock.Bytes];
        Put(b, 0, One);
        b[IQ2_SBlock.QhOffset] = 1 << 2;       // entry 1 of group 0: index 256 = 0x0819081919191919 -> 25, 25, 25, 25, 25, 8, 25, 8
        b[IQ2_SBlock.SignsOffset + 1] = 0x01;  // its value 0 negative
        b[IQ2_SBlock.ScalesOffset] = 0x30;     // first 16: s = 0 -> 0.125; last 16: s = 3 -> 0.875
        var y = Decode(GgmlType.IQ2_S, b);
        Assert.Equal([-3.125f, 3.125f, 3.125f, 3.125f, 3.125f, 1f, 3.125f, 1f], y[8..16]);
        Assert.Equal(1f, y[0]);
        Assert.Equal(7f, y[16]);
    }

    [Fact]
    public void IQ3_XXS_HandBuiltBlock_TwoFourByteEntriesPer8Values()
    {
        var b = new byte[IQ3_XXSBlock.Bytes];
        Put(b, 0, One);
        b[IQ3_XXSBlock.QsOffset] = 1;            // iq3xxs_grid[1] = 0x04040414 -> 20, 4, 4, 4
        b[IQ3_XXSBlock.QsOffset + 1] = 5;        // iq3xxs_grid[5] = 0x04040c3e -> 62, 12, 4, 4
        Put(b, IQ3_XXSBlock.SignsOffset, (2u << 28) | 3); // s = 2 -> (0.5 + 2) * 0.5 = 1.25; ksigns[3] = 3: values 0, 1 negative
        var y = Decode(GgmlType.IQ3_XXS, b);
        Assert.Equal([-25f, -5f, 5f, 5f, 77.5f, 15f, 5f, 5f], y[..8]);
        Assert.Equal(1f, y[32]);                  // group 1: grid 0 (all 4), s = 0 -> 0.25
    }

    [Fact]
    public void IQ3_S_HandBuiltBlock_QhBitPerEntryAndOddScalePerGroup()
    {
        var b = new byte[IQ3_SBlock.Bytes];
        Put(b, 0, One);
        b[IQ3_SBlock.QhOffset + 1] = 1;          // group 1, entry 0: index 256 = 0x05090507 -> 7, 5, 9, 5
        b[IQ3_SBlock.SignsOffset + 4] = 0x02;    // group 1, values 32..39: value 1 negative
        b[IQ3_SBlock.ScalesOffset] = 0x30;       // group 0: 1 + 2 * 0; group 1: 1 + 2 * 3 = 7
        var y = Decode(GgmlType.IQ3_S, b);
        Assert.Equal([49f, -35f, 63f, 35f, 7f, 7f, 7f, 7f], y[32..40]);
        Assert.Equal(1f, y[0]);                  // iq3s_grid[0] = 1, 1, 1, 1
    }

    [Fact]
    public void IQ1_S_HandBuiltBlock_ElevenBitIndexScaleAndDeltaSign()
    {
        var b = new byte[IQ1_SBlock.Bytes];
        Put(b, 0, One);
        b[IQ1_SBlock.QsOffset] = 1;              // entry 0: iq1s_grid[1] = 1, -1, -1, -1, -1, -1, -1, -1
        Put(b, IQ1_SBlock.QhOffset, (ushort)(0x8000 | (2 << 12) | (1 << 3))); // delta -0.125, 1 + 2 * 2 = 5, entry 1: index 256
        var y = Decode(GgmlType.IQ1_S, b);
        Assert.Equal([4.375f, -5.625f, -5.625f], y[..3]);
        // iq1s_grid[256] = 0xff00ff01000100ff -> -1, 0, 1, 0, 1, -1, 0, -1
        Assert.Equal([-5.625f, -0.625f, 4.375f, -0.625f, 4.375f, -5.625f, -0.625f, -5.625f], y[8..16]);
        Assert.Equal(-0.875f, y[32]);            // group 1: grid 0 (all -1), delta +0.125, scale 1
    }

    [Fact]
    public void IQ1_M_HandBuiltBlock_DFromScaleNibbles_ScalePer16_DeltaPer8()
    {
        var b = new byte[IQ1_MBlock.Bytes];
        // d = 0.5 (f16 0x3800): its nibbles 0, 0, 8, 3 in the top nibbles of the scale words 0..3
        Put(b, IQ1_MBlock.ScalesOffset, (ushort)(1 | (2 << 3)));   // group 0: first 16 scale 3, last 16 scale 5
        Put(b, IQ1_MBlock.ScalesOffset + 4, (ushort)0x8000);
        Put(b, IQ1_MBlock.ScalesOffset + 6, (ushort)0x3000);
        Assert.Equal(Half, IQ1_MBlock.DBits(b));
        b[IQ1_MBlock.QhOffset] = 0x04 | 0x80;    // entry 0: index 1024 (0, 1, -1, 0, ...), delta +; entry 1: index 0, delta -
        b[2] = 1;                                // entry 2: iq1s_grid[1] = 1, -1, ...; delta +
        var y = Decode(GgmlType.IQ1_M, b);
        Assert.Equal([0.1875f, 1.6875f, -1.3125f, 0.1875f], y[..4]);
        Assert.Equal(-1.6875f, y[8]);
        Assert.Equal([2.8125f, -2.1875f], y[16..18]);
    }
}
