using System.Buffers.Binary;

namespace LongDoc.Runtime.Weights.Quantization;

/// <summary>
/// IQ1_S (1.5625 bits per weight): super-blocks of 256 values in 8 groups of 32. A group is 4 entries of
/// <see cref="IQGrids.IQ1S"/> (8 values in -1, 0, 1) indexed with 11 bits, a 3-bit scale s and a delta sign:
/// x = d * (1 + 2 s) * (grid + delta), delta = -0.125 where the sign bit is set, else 0.125. Decode only; equal to
/// ggml's dequantize_row_iq1_s.
/// <code>
/// block_iq1_s (50 bytes)
///   0  half  d        super-block scale
///   2  u8    qs[32]   low 8 index bits of entry l of group g at 4g + l
///  34  u16   qh[8]    per group: index bits 8..10 of entry l at bits 3l .. 3l + 2, s in bits 12..14, delta sign bit 15
/// </code>
/// </summary>
public static class IQ1_SBlock
{
    public const int Elements = KQuantMath.SuperBlock;
    public const int Bytes = 2 + Elements / 8 + Elements / 16;
    public const int QsOffset = 2;
    public const int QhOffset = 2 + Elements / 8;
    public const float Delta = 0.125f;

    public static int Qh(ReadOnlySpan<byte> block, int g) => BinaryPrimitives.ReadUInt16LittleEndian(block[(QhOffset + 2 * g)..]);

    /// <summary>Grid index of entry <paramref name="l"/> (0..3) of group <paramref name="g"/>.</summary>
    public static int Index(ReadOnlySpan<byte> block, int g, int l) => block[QsOffset + 4 * g + l] | (((Qh(block, g) >> (3 * l)) & 7) << 8);

    public static void DequantizeRow(ReadOnlySpan<byte> src, Span<float> dst)
    {
        IQBlocks.CheckWhole("IQ1_S", dst.Length);
        for (int b = 0; b < dst.Length / Elements; b++)
        {
            var block = src.Slice(b * Bytes, Bytes);
            float d = IQBlocks.D(block);
            for (int g = 0; g < 8; g++)
            {
                int qh = Qh(block, g);
                float dl = d * (2 * ((qh >> 12) & 7) + 1);
                float delta = (qh & 0x8000) != 0 ? -Delta : Delta;
                for (int l = 0; l < 4; l++)
                    IQBlocks.Offset8(dl, IQGrids.IQ1S[Index(block, g, l)], delta, dst.Slice(b * Elements + 32 * g + 8 * l, 8));
            }
        }
    }
}
