using LongDoc.Runtime.Weights;
using LongDoc.Runtime.Weights.Quantization;

namespace LongDoc.Runtime.Tests.Weights.Quantization;

/// <summary>Hand-built blocks laid out as ggml-common.h documents them, decoded to values computed by hand.</summary>
public sealed class KnownBlockTests
{
    const ushort One = 0x3C00, Half = 0x3800, Quarter = 0x3400, MinusOne = 0xBC00; // f16 1.0, 0.5, 0.25, -1.0

    [Theory]
    [InlineData(GgmlType.Q4_0, Q4_0Block.Elements, Q4_0Block.Bytes)]
    [InlineData(GgmlType.Q4_K, Q4_KBlock.Elements, Q4_KBlock.Bytes)]
    [InlineData(GgmlType.Q5_K, Q5_KBlock.Elements, Q5_KBlock.Bytes)]
    [InlineData(GgmlType.Q6_K, Q6_KBlock.Elements, Q6_KBlock.Bytes)]
    [InlineData(GgmlType.Q8_K, Q8_KBlock.Elements, Q8_KBlock.Bytes)]
    [InlineData(GgmlType.Q4_1, Q4_1Block.Elements, Q4_1Block.Bytes)]
    [InlineData(GgmlType.Q5_0, Q5_0Block.Elements, Q5_0Block.Bytes)]
    [InlineData(GgmlType.Q5_1, Q5_1Block.Elements, Q5_1Block.Bytes)]
    [InlineData(GgmlType.Q2_K, Q2_KBlock.Elements, Q2_KBlock.Bytes)]
    [InlineData(GgmlType.Q3_K, Q3_KBlock.Elements, Q3_KBlock.Bytes)]
    [InlineData(GgmlType.IQ4_NL, IQ4_NLBlock.Elements, IQ4_NLBlock.Bytes)]
    [InlineData(GgmlType.IQ4_XS, IQ4_XSBlock.Elements, IQ4_XSBlock.Bytes)]
    [InlineData(GgmlType.IQ2_XXS, IQ2_XXSBlock.Elements, IQ2_XXSBlock.Bytes)]
    [InlineData(GgmlType.IQ2_XS, IQ2_XSBlock.Elements, IQ2_XSBlock.Bytes)]
    [InlineData(GgmlType.IQ2_S, IQ2_SBlock.Elements, IQ2_SBlock.Bytes)]
    [InlineData(GgmlType.IQ3_XXS, IQ3_XXSBlock.Elements, IQ3_XXSBlock.Bytes)]
    [InlineData(GgmlType.IQ3_S, IQ3_SBlock.Elements, IQ3_SBlock.Bytes)]
    [InlineData(GgmlType.IQ1_S, IQ1_SBlock.Elements, IQ1_SBlock.Bytes)]
    [InlineData(GgmlType.IQ1_M, IQ1_MBlock.Elements, IQ1_MBlock.Bytes)]
    public void BlockGeometry_MatchesGgmlTypeInfo(GgmlType type, int elements, int bytes)
    {
        Assert.Equal(GgmlTypeInfo.BlockElements(type), elements);
        Assert.Equal(GgmlTypeInfo.BlockBytes(type), bytes);
        Assert.True(RowDecoder.CanDecode(type));
    }

    [Theory]
    [InlineData(GgmlType.Q4_1, 5.0)]
    [InlineData(GgmlType.Q5_0, 5.5)]
    [InlineData(GgmlType.Q5_1, 6.0)]
    [InlineData(GgmlType.Q2_K, 2.625)]
    [InlineData(GgmlType.Q3_K, 3.4375)]
    [InlineData(GgmlType.Q4_K, 4.5)]
    [InlineData(GgmlType.IQ4_NL, 4.5)]
    [InlineData(GgmlType.IQ4_XS, 4.25)]
    [InlineData(GgmlType.IQ2_XXS, 2.0625)]
    [InlineData(GgmlType.IQ2_XS, 2.3125)]
    [InlineData(GgmlType.IQ2_S, 2.5625)]
    [InlineData(GgmlType.IQ3_XXS, 3.0625)]
    [InlineData(GgmlType.IQ3_S, 3.4375)]
    [InlineData(GgmlType.IQ1_S, 1.5625)]
    [InlineData(GgmlType.IQ1_M, 1.75)]
    public void BitsPerWeight_AsLlamaCppDocumentsEachType(GgmlType type, double bits) =>
        Assert.Equal(bits, GgmlTypeInfo.BitsPerWeight(type));

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
    public void Q4_1_HandBuiltBlock_AddsTheMinToEveryLevel()
    {
        var b = new byte[Q4_1Block.Bytes];
        BitConverter.TryWriteBytes(b, Half);
        BitConverter.TryWriteBytes(b.AsSpan(2), MinusOne);
        b[Q4_1Block.QsOffset + 0] = 0xF3;      // value 0: 3 * 0.5 - 1, value 16: 15 * 0.5 - 1
        var y = Decode(GgmlType.Q4_1, b, 32);
        Assert.Equal(0.5f, y[0]);
        Assert.Equal(6.5f, y[16]);
        Assert.Equal(-1f, y[1]);
    }

    [Fact]
    public void Q5_0_HandBuiltBlock_TakesTheFifthBitOfValueIFromBitIOfQh()
    {
        var b = new byte[Q5_0Block.Bytes];
        BitConverter.TryWriteBytes(b, Half);
        BitConverter.TryWriteBytes(b.AsSpan(Q5_0Block.QhOffset), (1u << 0) | (1u << 17) | (1u << 31));
        b[Q5_0Block.QsOffset + 0] = 0x21;      // value 0: 1 | 16, value 16: 2
        b[Q5_0Block.QsOffset + 1] = 0x40;      // value 1: 0, value 17: 4 | 16
        b[Q5_0Block.QsOffset + 15] = 0xF0;     // value 31: 15 | 16
        var y = Decode(GgmlType.Q5_0, b, 32);
        Assert.Equal((17 - 16) * 0.5f, y[0]);
        Assert.Equal((2 - 16) * 0.5f, y[16]);
        Assert.Equal(-8f, y[1]);
        Assert.Equal((20 - 16) * 0.5f, y[17]);
        Assert.Equal((31 - 16) * 0.5f, y[31]);
    }

    [Fact]
    public void Q5_1_HandBuiltBlock_FiveBitLevelsPlusTheMin()
    {
        var b = new byte[Q5_1Block.Bytes];
        BitConverter.TryWriteBytes(b, Quarter);
        BitConverter.TryWriteBytes(b.AsSpan(2), One);
        BitConverter.TryWriteBytes(b.AsSpan(Q5_1Block.QhOffset), 1u << 20);
        b[Q5_1Block.QsOffset + 4] = 0x37;      // value 4: 7, value 20: 3 | 16
        var y = Decode(GgmlType.Q5_1, b, 32);
        Assert.Equal(7 * 0.25f + 1, y[4]);
        Assert.Equal(19 * 0.25f + 1, y[20]);
        Assert.Equal(1f, y[0]);
    }

    [Fact]
    public void Q2_K_HandBuiltBlock_FourBitScalesAndMinsPerSixteen()
    {
        var b = new byte[Q2_KBlock.Bytes];
        BitConverter.TryWriteBytes(b.AsSpan(Q2_KBlock.DOffset), One);
        BitConverter.TryWriteBytes(b.AsSpan(Q2_KBlock.DOffset + 2), Half);
        b[Q2_KBlock.ScalesOffset + 0] = 0x23;  // sub-block 0: scale 3, min 2
        b[Q2_KBlock.ScalesOffset + 13] = 0x15; // sub-block 13 (values 208..223): scale 5, min 1
        b[Q2_KBlock.QsOffset + 0] = 0b10;      // value 0: q = 2
        b[Q2_KBlock.QsOffset + 32 + 16] = 0b11 << 4; // half 1, bits 4-5, l = 16: value 128 + 64 + 16 = 208, q = 3
        var y = Decode(GgmlType.Q2_K, b, 256);
        Assert.Equal(1 * 3 * 2 - 0.5f * 2, y[0]);
        Assert.Equal(-1f, y[1]);
        Assert.Equal(1 * 5 * 3 - 0.5f * 1, y[208]);
        Assert.Equal(-0.5f, y[209]);
    }

    [Fact]
    public void Q3_K_HandBuiltBlock_SubtractsFourWhereTheHmaskBitIsClear()
    {
        var b = new byte[Q3_KBlock.Bytes];
        BitConverter.TryWriteBytes(b.AsSpan(Q3_KBlock.DOffset), Half);
        var s = b.AsSpan(Q3_KBlock.ScalesOffset, 12);
        s[0] = 0x2;                             // sub-block 0: low bits 2 -> sc = 2 | 2 << 4 (below) = 34 -> 2
        s[8] = 0b10;                            //   high bits of sub-block 0 (bits 0-1 of byte 8)
        s[1] = 0x10;                            // sub-block 9: low bits 1 (high nibble of byte 1), high bits 0 -> 1 - 32 = -31
        b[Q3_KBlock.HmaskOffset + 0] = 0b1;     // value 0: high bit set -> q = low
        b[Q3_KBlock.QsOffset + 0] = 0b11;       // value 0: low 3 -> q = 3
        b[Q3_KBlock.QsOffset + 16 + 4] = 0b01 << 2; // half 0, bits 2-3, l = 20: value 32 + 20 = 52 (sub-block 3), low 1, hmask clear -> -3
        b[Q3_KBlock.HmaskOffset + 16] = 1 << 4; // value 128 + 16 = 144 (sub-block 9): high bit set, low 0 -> 0
        var y = Decode(GgmlType.Q3_K, b, 256);
        Assert.Equal(0.5f * 2 * 3, y[0]);
        Assert.Equal(0.5f * 2 * -4, y[1]);     // low 0, bit clear -> -4
        Assert.Equal(0.5f * -32 * -3, y[52]);   // sub-block 3: sc 0 -> -32
        Assert.Equal(0f, y[144]);
        Assert.Equal(0.5f * -31 * -4, y[145]);
        Assert.Equal(2, Q3_KBlock.SubScale(b, 0));
        Assert.Equal(-31, Q3_KBlock.SubScale(b, 9));
    }

    [Fact]
    public void IQ4_NL_HandBuiltBlock_LooksUpTheNonUniformLevels()
    {
        var b = new byte[IQ4_NLBlock.Bytes];
        BitConverter.TryWriteBytes(b, Half);
        b[IQ4_NLBlock.QsOffset + 0] = 0xF0;    // value 0: level 0 = -127, value 16: level 15 = 113
        b[IQ4_NLBlock.QsOffset + 3] = 0x78;    // value 3: level 8 = 1, value 19: level 7 = -10
        var y = Decode(GgmlType.IQ4_NL, b, 32);
        Assert.Equal(-63.5f, y[0]);
        Assert.Equal(56.5f, y[16]);
        Assert.Equal(0.5f, y[3]);
        Assert.Equal(-5f, y[19]);
    }

    [Fact]
    public void IQ4_XS_HandBuiltBlock_SixBitSubScalesSplitOverScalesHAndScalesL()
    {
        var b = new byte[IQ4_XSBlock.Bytes];
        BitConverter.TryWriteBytes(b, Quarter);
        BitConverter.TryWriteBytes(b.AsSpan(IQ4_XSBlock.ScalesHOffset), (ushort)((0b10 << 0) | (0b11 << 14))); // sub 0 high 2, sub 7 high 3
        b[IQ4_XSBlock.ScalesLOffset + 0] = 0x05;  // sub 0 low 5 -> ls 37 -> 5; sub 1 low 0, high 0 -> -32
        b[IQ4_XSBlock.ScalesLOffset + 3] = 0xF0;  // sub 7 low 15 -> ls 63 -> 31
        b[IQ4_XSBlock.QsOffset + 0] = 0xF9;       // value 0: level 9 = 13, value 16: level 15 = 113
        b[IQ4_XSBlock.QsOffset + 16 * 7 + 15] = 0x0E; // sub 7 value 15 (index 239): level 14 = 89; value 31 (255): level 0 = -127
        b[IQ4_XSBlock.QsOffset + 16] = 0x08;      // sub 1 value 0 (index 32): level 8 = 1
        var y = Decode(GgmlType.IQ4_XS, b, 256);
        Assert.Equal(0.25f * 5 * 13, y[0]);
        Assert.Equal(0.25f * 5 * 113, y[16]);
        Assert.Equal(0.25f * -32 * 1, y[32]);
        Assert.Equal(0.25f * 31 * 89, y[239]);
        Assert.Equal(0.25f * 31 * -127, y[255]);
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
