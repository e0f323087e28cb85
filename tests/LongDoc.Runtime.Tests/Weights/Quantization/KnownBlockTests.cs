using LongDoc.Runtime.Weights;
using LongDoc.Runtime.Weights.Quantization;

namespace LongDoc.Runtime.Tests.Weights.Quantization;

/// <summary>Hand-built blocks laid out as ggml-common.h documents them, decoded to values computed by hand.</summary>
public sealed class KnownBlockTests
{
    const ushort One = 0x3C00, Half = 0x3800, Quarter = 0x3400; // f16 1.0, 0.5, 0.25

    [Theory]
    [InlineData(GgmlType.Q4_0, Q4_0Block.Elements, Q4_0Block.Bytes)]
    [InlineData(GgmlType.Q4_K, Q4_KBlock.Elements, Q4_KBlock.Bytes)]
    [InlineData(GgmlType.Q5_K, Q5_KBlock.Elements, Q5_KBlock.Bytes)]
    [InlineData(GgmlType.Q6_K, Q6_KBlock.Elements, Q6_KBlock.Bytes)]
    [InlineData(GgmlType.Q8_K, Q8_KBlock.Elements, Q8_KBlock.Bytes)]
    public void BlockGeometry_MatchesGgmlTypeInfo(GgmlType type, int elements, int bytes)
    {
        Assert.Equal(GgmlTypeInfo.BlockElements(type), elements);
        Assert.Equal(GgmlTypeInfo.BlockBytes(type), bytes);
        Assert.True(RowDecoder.CanDecode(type));
    }

    [Fact]
    public void Q4_0_HandBuiltBlock_DecodesLowNibblesFirstHalfHighNibblesSecond()
    {
        var b = new byte[Q4_0Block.Bytes];
        BitConverter.TryWriteBytes(b, Half);
        for (int j = 0; j < 16; j++) b[2 + j] = 0x88; // q = 8 -> 0
        b[2] = 0x9F; // value 0: (15 - 8) * 0.5, value 16: (9 - 8) * 0.5
        b[17] = 0x08; // value 15: 0, value 31: (0 - 8) * 0.5
        var y = Decode(GgmlType.Q4_0, b, 32);
        Assert.Equal(3.5f, y[0]);
        Assert.Equal(0.5f, y[16]);
        Assert.Equal(-4f, y[31]);
        Assert.Equal(0f, y[15]);
    }

    [Fact]
    public void Q4_K_HandBuiltBlock_DecodesSixBitScalesAndMins()
    {
        var b = new byte[Q4_KBlock.Bytes];
        BitConverter.TryWriteBytes(b, One);
        BitConverter.TryWriteBytes(b.AsSpan(2), Half);
        var s = b.AsSpan(Q4_KBlock.ScalesOffset, 12);
        s[0] = 2; s[4] = 4;                // sub-block 0: scale 2, min 4
        s[9] = 5 | (2 << 4);               // sub-block 5: low 4 bits of scale 37 (0b10_0101) and min 50 (0b11_0010)
        s[1] |= 2 << 6; s[5] |= 3 << 6;    //   and their high 2 bits, over scale 1 and min 1
        b[Q4_KBlock.QsOffset + 0] = 7;     // value 0 (sub-block 0): 1 * 2 * 7 - 0.5 * 4 = 12
        b[Q4_KBlock.QsOffset + 67] = 0xA0; // value 163 (chunk 2 high nibble = sub-block 5): 1 * 37 * 10 - 0.5 * 50 = 345
        Assert.Equal(((byte)37, (byte)50), KQuantMath.GetScaleMinK4(5, s));
        var y = Decode(GgmlType.Q4_K, b, 256);
        Assert.Equal(12f, y[0]);
        Assert.Equal(-2f, y[1]);   // q = 0: only the min
        Assert.Equal(345f, y[163]);
        Assert.Equal(-25f, y[160]);
        Assert.Equal(0f, y[131]);  // sub-block 4: scale and min 0
    }

    [Fact]
    public void Q5_K_HandBuiltBlock_AddsTheHighBitPerSubBlockPair()
    {
        var b = new byte[Q5_KBlock.Bytes];
        BitConverter.TryWriteBytes(b, One);
        var s = b.AsSpan(Q5_KBlock.ScalesOffset, 12);
        s[0] = 1; s[1] = 2; s[2] = 3;
        b[Q5_KBlock.QsOffset + 0] = 0x43;      // value 0 low bits 3, value 32 low bits 4
        b[Q5_KBlock.QhOffset + 0] = 0b0000_0111; // high bit of value 0, value 32 and value 64
        b[Q5_KBlock.QsOffset + 32] = 0x01;     // value 64 low bits 1
        var y = Decode(GgmlType.Q5_K, b, 256);
        Assert.Equal(19f, y[0]);        // 1 * 1 * (3 + 16)
        Assert.Equal(40f, y[32]);       // 1 * 2 * (4 + 16)
        Assert.Equal(51f, y[64]);       // 1 * 3 * (1 + 16)
    }

    [Fact]
    public void Q6_K_HandBuiltBlock_DecodesSplitLowAndHighBitsWithScaleAtTheEnd()
    {
        var b = new byte[Q6_KBlock.Bytes];
        BitConverter.TryWriteBytes(b.AsSpan(Q6_KBlock.DOffset), Quarter);
        b[Q6_KBlock.ScalesOffset + 0] = 3;
        b[Q6_KBlock.ScalesOffset + 15] = unchecked((byte)-2);
        b[0] = 5; b[Q6_KBlock.QhOffset] = 2;  // value 0: q = 5 | 2 << 4 = 37 -> 5; 0.25 * 3 * 5
        b[127] = 0x10;                        // value 255 (half 1, l = 31, +96): low bits 1, high bits 0 -> -31
        var y = Decode(GgmlType.Q6_K, b, 256);
        Assert.Equal(3.75f, y[0]);
        Assert.Equal(15.5f, y[255]);          // 0.25 * -2 * -31
        Assert.Equal(-24f, y[1]);             // q = 0 -> -32; 0.25 * 3 * -32
    }

    [Fact]
    public void Q8_K_Quantize_LargestMagnitudeIsMinus127TimesD_AndBsumsAddSixteen()
    {
        var x = new float[256];
        x[0] = 2f; x[1] = -1f; x[17] = 0.5f;
        var b = new byte[Q8_KBlock.Bytes];
        Q8_KBlock.QuantizeRow(x, b);
        Assert.Equal(2f / -127f, BitConverter.ToSingle(b), 6);
        Assert.Equal(-127, (sbyte)b[Q8_KBlock.QsOffset]);
        Assert.Equal(64, (sbyte)b[Q8_KBlock.QsOffset + 1]);   // nearest_int(63.5) ties to even
        Assert.Equal(-127 + 64, BitConverter.ToInt16(b, Q8_KBlock.BsumsOffset));
        Assert.Equal(-32, BitConverter.ToInt16(b, Q8_KBlock.BsumsOffset + 2)); // nearest_int(-31.75)
    }

    [Fact]
    public void NearestInt_RoundsHalfToEven() =>
        Assert.Equal(new[] { 2, 2, -2, 4, -1 }, new[] { 2.5f, 1.5f, -2.5f, 3.5f, -0.7f }.Select(KQuantMath.NearestInt));

    [Theory]
    [InlineData(GgmlType.Q4_K)]
    [InlineData(GgmlType.Q5_K)]
    [InlineData(GgmlType.Q6_K)]
    [InlineData(GgmlType.Q8_K)]
    public void AllZeroBlock_QuantizesToZeroBytes(GgmlType type)
    {
        var q = new byte[GgmlTypeInfo.BlockBytes(type) * 2];
        Array.Fill(q, (byte)0xCD);
        RowEncoder.FromSingle(type, new float[GgmlTypeInfo.BlockElements(type) * 2], q);
        Assert.All(q, v => Assert.Equal(0, v));
    }

    [Fact]
    public void Q4_0_AllZeroBlock_StoresZeroScaleAndMidLevels()
    {
        // ggml: d = 0 / -8 = -0 (f16 0x8000), id = 0, q = (int8)(0 + 8.5) = 8 in both nibbles.
        var q = new byte[Q4_0Block.Bytes];
        Q4_0Block.QuantizeRow(new float[32], q);
        Assert.Equal(new byte[] { 0x00, 0x80 }, q[..2]);
        Assert.All(q[2..], v => Assert.Equal(0x88, v));
    }

    static float[] Decode(GgmlType type, byte[] block, int n)
    {
        var y = new float[n];
        RowDecoder.ToSingle(type, block, y);
        return y;
    }
}
