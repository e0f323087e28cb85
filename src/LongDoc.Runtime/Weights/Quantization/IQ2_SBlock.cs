namespace LongDoc.Runtime.Weights.Quantization;

/// <summary>
/// IQ2_S (2.5625 bits per weight): super-blocks of 256 values in 32 entries of 8. Entry l indexes
/// <see cref="IQGrids.IQ2S"/> with 10 bits (8 in qs, 2 in qh), has 8 plain sign bits, and each 16 values have a 4-bit
/// scale s: x = d * (0.5 + s) * 0.25 * grid * sign. Decode only; equal to ggml's dequantize_row_iq2_s.
/// <code>
/// block_iq2_s (82 bytes)
///   0  half  d            super-block scale
///   2  u8    qs[32]       low 8 index bits of entry l
///  34  u8    signs[32]    sign bits of entry l (bit j set = value j negative)
///  66  u8    qh[8]        per group of 32: index bits 8..9 of its entry l at bits 2l, 2l + 1
///  74  u8    scales[8]    per group of 32: s of its first 16 values in the low nibble, of the last 16 in the high
/// </code>
/// </summary>
public static class IQ2_SBlock
{
    public const int Elements = KQuantMath.SuperBlock;
    public const int Bytes = 2 + Elements / 4 + Elements / 16;
    public const int QsOffset = 2;
    public const int SignsOffset = 2 + Elements / 8;
    public const int QhOffset = 2 + Elements / 4;
    public const int ScalesOffset = QhOffset + Elements / 32;

    /// <summary>Grid index of entry <paramref name="l"/> (0..3) of group <paramref name="g"/>.</summary>
    public static int Index(ReadOnlySpan<byte> block, int g, int l) =>
        block[QsOffset + 4 * g + l] | ((block[QhOffset + g] << (8 - 2 * l)) & 0x300);

    public static void DequantizeRow(ReadOnlySpan<byte> src, Span<float> dst)
    {
        IQBlocks.CheckWhole("IQ2_S", dst.Length);
        for (int b = 0; b < dst.Length / Elements; b++)
        {
            var block = src.Slice(b * Bytes, Bytes);
            float d = IQBlocks.D(block);
            for (int g = 0; g < 8; g++)
            {
                int sc = block[ScalesOffset + g];
                float db0 = d * (0.5f + (sc & 0xF)) * 0.25f, db1 = d * (0.5f + (sc >> 4)) * 0.25f;
                for (int l = 0; l < 4; l++)
                    IQBlocks.Signed8(l < 2 ? db0 : db1, IQGrids.IQ2S[Index(block, g, l)], block[SignsOffset + 4 * g + l], dst.Slice(b * Elements + 32 * g + 8 * l, 8));
            }
        }
    }
}
