using System.Buffers.Binary;

namespace LongDoc.Runtime.Weights.Quantization;

/// <summary>
/// Q5_0: blocks of 32 values, x = (q - 16) * d with q in [0, 31]: four bits in nibbles as Q4_0, the fifth in a
/// 32-bit mask. Scalar reference, equal to ggml's quantize_row_q5_0_ref / dequantize_row_q5_0.
/// <code>
/// block_q5_0 (22 bytes)
///   0  half  d         scale
///   2  u32   qh        bit i: the fifth bit of value i (little-endian)
///   6  u8    qs[16]    low 4 bits: value j in the low nibble of qs[j], value j + 16 in the high nibble
/// </code>
/// </summary>
public static class Q5_0Block
{
    public const int Elements = 32;
    public const int Bytes = 2 + 4 + Elements / 2;
    public const int QhOffset = 2;
    public const int QsOffset = 6;

    /// <summary>Quantizes <paramref name="x"/> (a multiple of 32 values) into <paramref name="dst"/> (x.Length / 32 * 22 bytes).</summary>
    public static void QuantizeRow(ReadOnlySpan<float> x, Span<byte> dst)
    {
        LegacyBlocks.CheckRow("Q5_0", x.Length, dst.Length, Bytes);
        Span<byte> q = stackalloc byte[Elements];
        for (int b = 0; b < x.Length / Elements; b++)
        {
            var block = x.Slice(b * Elements, Elements);
            var o = dst.Slice(b * Bytes, Bytes);
            // As Q4_0: the signed extreme maps to level -16, so the scale may be negative.
            float amax = 0, max = 0;
            foreach (float v in block)
                if (amax < MathF.Abs(v)) { amax = MathF.Abs(v); max = v; }
            float d = max / -16;
            float id = d != 0 ? 1f / d : 0f;
            BinaryPrimitives.WriteUInt16LittleEndian(o, HalfConvert.SingleToHalf(d));
            for (int i = 0; i < Elements; i++) q[i] = (byte)Math.Min(31, (int)(block[i] * id + 16.5f)); // C: MIN(31, (int8_t)(..))
            LegacyBlocks.Pack5(q, o[QhOffset..], o[QsOffset..]);
        }
    }

    /// <summary>Dequantizes <paramref name="dst"/>.Length values (a multiple of 32) from <paramref name="src"/>.</summary>
    public static void DequantizeRow(ReadOnlySpan<byte> src, Span<float> dst)
    {
        LegacyBlocks.CheckRow("Q5_0", dst.Length, src.Length, Bytes);
        for (int b = 0; b < dst.Length / Elements; b++)
        {
            var block = src.Slice(b * Bytes, Bytes);
            float d = HalfConvert.HalfToSingle(BinaryPrimitives.ReadUInt16LittleEndian(block));
            for (int i = 0; i < Elements; i++) dst[b * Elements + i] = (LegacyBlocks.Value5(block[QhOffset..], block[QsOffset..], i) - 16) * d;
        }
    }
}
