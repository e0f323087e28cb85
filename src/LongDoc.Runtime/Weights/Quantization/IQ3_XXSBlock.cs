using System.Buffers.Binary;

namespace LongDoc.Runtime.Weights.Quantization;

/// <summary>
/// IQ3_XXS (3.0625 bits per weight): super-blocks of 256 values in 8 groups of 32. A group is 8 entries of
/// <see cref="IQGrids.IQ3XXS"/> (4 magnitudes each), 4 x 7 sign bits (one set per 8 values) expanded by
/// <see cref="IQGrids.Signs"/>, and a 4-bit scale s: x = d * (0.5 + s) * 0.5 * grid * sign. Decode only; equal to
/// ggml's dequantize_row_iq3_xxs.
/// <code>
/// block_iq3_xxs (98 bytes)
///   0  half  d        super-block scale
///   2  u8    qs[64]   grid indices, 8 per group
///  66  u32   [8]      per group: sign bits 7l .. 7l + 6 for values 8l .. 8l + 7, s in bits 28..31
/// </code>
/// </summary>
public static class IQ3_XXSBlock
{
    public const int Elements = KQuantMath.SuperBlock;
    public const int Bytes = 2 + 3 * Elements / 8;
    public const int QsOffset = 2;
    public const int SignsOffset = 2 + Elements / 4;

    public static void DequantizeRow(ReadOnlySpan<byte> src, Span<float> dst)
    {
        IQBlocks.CheckWhole("IQ3_XXS", dst.Length);
        for (int b = 0; b < dst.Length / Elements; b++)
        {
            var block = src.Slice(b * Bytes, Bytes);
            float d = IQBlocks.D(block);
            for (int g = 0; g < 8; g++)
            {
                uint aux = BinaryPrimitives.ReadUInt32LittleEndian(block[(SignsOffset + 4 * g)..]);
                float db = d * (0.5f + (aux >> 28)) * 0.5f;
                var q = block.Slice(QsOffset + 8 * g, 8);
                for (int l = 0; l < 4; l++)
                {
                    int signs = IQGrids.Signs[(int)(aux >> (7 * l)) & 127];
                    var y = dst.Slice(b * Elements + 32 * g + 8 * l, 8);
                    IQBlocks.Signed4(db, IQGrids.IQ3XXS[q[2 * l]], signs, y);
                    IQBlocks.Signed4(db, IQGrids.IQ3XXS[q[2 * l + 1]], signs >> 4, y[4..]);
                }
            }
        }
    }
}
