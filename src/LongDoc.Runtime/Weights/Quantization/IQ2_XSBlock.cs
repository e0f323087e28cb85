using System.Buffers.Binary;

namespace LongDoc.Runtime.Weights.Quantization;

/// <summary>
/// IQ2_XS (2.3125 bits per weight): super-blocks of 256 values in 32 entries of 8. Entry l is a u16: 9 bits index
/// <see cref="IQGrids.IQ2XS"/>, 7 bits are sign bits expanded by <see cref="IQGrids.Signs"/>; each 16 values have a
/// 4-bit scale s: x = d * (0.5 + s) * 0.25 * grid * sign. Decode only; equal to ggml's dequantize_row_iq2_xs.
/// <code>
/// block_iq2_xs (74 bytes)
///   0  half  d           super-block scale
///   2  u16   qs[32]      grid index (bits 0..8) and signs (bits 9..15) of entry l (values 8l .. 8l + 7)
///  66  u8    scales[8]   per group of 32: s of its first 16 values in the low nibble, of the last 16 in the high
/// </code>
/// </summary>
public static class IQ2_XSBlock
{
    public const int Elements = KQuantMath.SuperBlock;
    public const int Bytes = 2 + Elements / 4 + Elements / 32;
    public const int QsOffset = 2;
    public const int ScalesOffset = 2 + Elements / 4;

    public static void DequantizeRow(ReadOnlySpan<byte> src, Span<float> dst)
    {
        IQBlocks.CheckWhole("IQ2_XS", dst.Length);
        for (int b = 0; b < dst.Length / Elements; b++)
        {
            var block = src.Slice(b * Bytes, Bytes);
            float d = IQBlocks.D(block);
            for (int g = 0; g < 8; g++)
            {
                int sc = block[ScalesOffset + g];
                float db0 = d * (0.5f + (sc & 0xF)) * 0.25f, db1 = d * (0.5f + (sc >> 4)) * 0.25f;
                for (int l = 0; l < 4; l++)
                {
                    int q = BinaryPrimitives.ReadUInt16LittleEndian(block[(QsOffset + 2 * (4 * g + l))..]);
                    IQBlocks.Signed8(l < 2 ? db0 : db1, IQGrids.IQ2XS[q & 511], IQGrids.Signs[q >> 9], dst.Slice(b * Elements + 32 * g + 8 * l, 8));
                }
            }
        }
    }
}
