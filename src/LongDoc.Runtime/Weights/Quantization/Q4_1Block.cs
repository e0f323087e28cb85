using System.Buffers.Binary;

namespace LongDoc.Runtime.Weights.Quantization;

/// <summary>
/// Q4_1: blocks of 32 values, x = q * d + m with q in [0, 15]. Scalar reference, equal to ggml's
/// quantize_row_q4_1_ref / dequantize_row_q4_1.
/// <code>
/// block_q4_1 (20 bytes)
///   0  half  d         scale
///   2  half  m         minimum (the value of q = 0)
///   4  u8    qs[16]    value j in the low nibble of qs[j], value j + 16 in the high nibble
/// </code>
/// </summary>
public static class Q4_1Block
{
    public const int Elements = 32;
    public const int Bytes = 4 + Elements / 2;
    public const int QsOffset = 4;

    /// <summary>Quantizes <paramref name="x"/> (a multiple of 32 values) into <paramref name="dst"/> (x.Length / 32 * 20 bytes).</summary>
    public static void QuantizeRow(ReadOnlySpan<float> x, Span<byte> dst)
    {
        LegacyBlocks.CheckRow("Q4_1", x.Length, dst.Length, Bytes);
        for (int b = 0; b < x.Length / Elements; b++)
        {
            var block = x.Slice(b * Elements, Elements);
            var o = dst.Slice(b * Bytes, Bytes);
            var (min, d, id) = LegacyBlocks.MinScale(block, 15);
            BinaryPrimitives.WriteUInt16LittleEndian(o, HalfConvert.SingleToHalf(d));
            BinaryPrimitives.WriteUInt16LittleEndian(o[2..], HalfConvert.SingleToHalf(min));
            for (int j = 0; j < Elements / 2; j++)
            {
                // C: MIN(15, (int8_t)(v + 0.5f)): truncation of a non-negative value.
                int q0 = Math.Min(15, (int)((block[j] - min) * id + 0.5f));
                int q1 = Math.Min(15, (int)((block[j + Elements / 2] - min) * id + 0.5f));
                o[QsOffset + j] = (byte)(q0 | (q1 << 4));
            }
        }
    }

    /// <summary>Dequantizes <paramref name="dst"/>.Length values (a multiple of 32) from <paramref name="src"/>.</summary>
    public static void DequantizeRow(ReadOnlySpan<byte> src, Span<float> dst)
    {
        LegacyBlocks.CheckRow("Q4_1", dst.Length, src.Length, Bytes);
        for (int b = 0; b < dst.Length / Elements; b++)
        {
            var block = src.Slice(b * Bytes, Bytes);
            float d = HalfConvert.HalfToSingle(BinaryPrimitives.ReadUInt16LittleEndian(block));
            float m = HalfConvert.HalfToSingle(BinaryPrimitives.ReadUInt16LittleEndian(block[2..]));
            var y = dst.Slice(b * Elements, Elements);
            for (int j = 0; j < Elements / 2; j++)
            {
                y[j] = (block[QsOffset + j] & 0x0F) * d + m;
                y[j + Elements / 2] = (block[QsOffset + j] >> 4) * d + m;
            }
        }
    }
}
