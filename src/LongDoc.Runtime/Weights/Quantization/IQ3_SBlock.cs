namespace LongDoc.Runtime.Weights.Quantization;

/// <summary>
/// IQ3_S (3.4375 bits per weight): super-blocks of 256 values in 8 groups of 32. A group is 8 entries of
/// <see cref="IQGrids.IQ3S"/> (4 magnitudes each) indexed with 9 bits (8 in qs, 1 in qh), 32 plain sign bits, and
/// each group has a 4-bit scale s: x = d * (1 + 2 s) * grid * sign. Decode only; equal to ggml's dequantize_row_iq3_s.
/// <code>
/// block_iq3_s (110 bytes)
///   0  half  d           super-block scale
///   2  u8    qs[64]      low 8 index bits, 8 entries per group
///  66  u8    qh[8]       per group: bit k = index bit 8 of its entry k
///  74  u8    signs[32]   per group 4 bytes, byte l for values 8l .. 8l + 7 (bit j set = value j negative)
/// 106  u8    scales[4]   s of group 2i in the low nibble of byte i, of group 2i + 1 in the high
/// </code>
/// </summary>
public static class IQ3_SBlock
{
    public const int Elements = KQuantMath.SuperBlock;
    public const int Bytes = 2 + 13 * Elements / 32 + Elements / 64;
    public const int QsOffset = 2;
    public const int QhOffset = 2 + Elements / 4;
    public const int SignsOffset = QhOffset + Elements / 32;
    public const int ScalesOffset = SignsOffset + Elements / 8;

    /// <summary>Grid index of entry <paramref name="k"/> (0..7) of group <paramref name="g"/>.</summary>
    public static int Index(ReadOnlySpan<byte> block, int g, int k) =>
        block[QsOffset + 8 * g + k] | ((block[QhOffset + g] << (8 - k)) & 256);

    /// <summary>1 + 2 s of group <paramref name="g"/>.</summary>
    public static int Scale(ReadOnlySpan<byte> block, int g) => 1 + 2 * ((block[ScalesOffset + g / 2] >> (4 * (g % 2))) & 0xF);

    public static void DequantizeRow(ReadOnlySpan<byte> src, Span<float> dst)
    {
        IQBlocks.CheckWhole("IQ3_S", dst.Length);
        for (int b = 0; b < dst.Length / Elements; b++)
        {
            var block = src.Slice(b * Bytes, Bytes);
            float d = IQBlocks.D(block);
            for (int g = 0; g < 8; g++)
            {
                float db = d * Scale(block, g);
                for (int l = 0; l < 4; l++)
                {
                    int signs = block[SignsOffset + 4 * g + l];
                    var y = dst.Slice(b * Elements + 32 * g + 8 * l, 8);
                    IQBlocks.Signed4(db, IQGrids.IQ3S[Index(block, g, 2 * l)], signs, y);
                    IQBlocks.Signed4(db, IQGrids.IQ3S[Index(block, g, 2 * l + 1)], signs >> 4, y[4..]);
                }
            }
        }
    }
}
