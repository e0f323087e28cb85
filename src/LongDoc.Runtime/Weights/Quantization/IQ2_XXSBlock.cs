using System.Buffers.Binary;

namespace LongDoc.Runtime.Weights.Quantization;

/// <summary>
/// IQ2_XXS (2.0625 bits per weight): super-blocks of 256 values in 8 groups of 32. A group is 4 entries of
/// <see cref="IQGrids.IQ2XXS"/> (8 magnitudes each), 4 x 7 sign bits expanded by <see cref="IQGrids.Signs"/>, and a 4-bit
/// scale s: x = d * (0.5 + s) * 0.25 * grid * sign. Decode only (llama.cpp writes it only with an importance matrix);
/// equal to ggml's dequantize_row_iq2_xxs.
/// <code>
/// block_iq2_xxs (66 bytes)
///   0  half  d        super-block scale
///   2  u32   per group of 32, two u32: the first holds the 4 grid indices (a byte each), the second
///            the 4 x 7 sign bits (bits 7l .. 7l + 6 for entry l) and s in bits 28..31
/// </code>
/// </summary>
public static class IQ2_XXSBlock
{
    public const int Elements = KQuantMath.SuperBlock;
    public const int Bytes = 2 + Elements / 4;
    public const int QsOffset = 2;

    /// <summary>Dequantizes <paramref name="dst"/>.Length values (a multiple of 256) from <paramref name="src"/>.</summary>
    public static void DequantizeRow(ReadOnlySpan<byte> src, Span<float> dst)
    {
        IQBlocks.CheckWhole("IQ2_XXS", dst.Length);
        for (int b = 0; b < dst.Length / Elements; b++)
        {
            var block = src.Slice(b * Bytes, Bytes);
            float d = IQBlocks.D(block);
            for (int g = 0; g < 8; g++)
            {
                var q = block.Slice(QsOffset + 8 * g, 8);
                uint aux = BinaryPrimitives.ReadUInt32LittleEndian(q[4..]);
                float db = d * (0.5f + (aux >> 28)) * 0.25f;
                for (int l = 0; l < 4; l++)
                    IQBlocks.Signed8(db, IQGrids.IQ2XXS[q[l]], IQGrids.Signs[(int)(aux >> (7 * l)) & 127], dst.Slice(b * Elements + 32 * g + 8 * l, 8));
            }
        }
    }
}
