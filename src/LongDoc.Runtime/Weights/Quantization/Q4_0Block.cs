using System.Buffers.Binary;

namespace LongDoc.Runtime.Weights.Quantization;

/// <summary>
/// Q4_0: blocks of 32 values, x = (q - 8) * d. Scalar reference, equal to ggml's quantize_row_q4_0_ref /
/// dequantize_row_q4_0.
/// <code>
/// block_q4_0 (18 bytes)
///   0  half  d         scale
///   2  u8    qs[16]    value j in the low nibble of qs[j], value j + 16 in the high nibble
/// </code>
/// </summary>
public static class Q4_0Block
{
    public const int Elements = 32;
    public const int Bytes = 2 + Elements / 2;

    /// <summary>Quantizes <paramref name="x"/> (a multiple of 32 values) into <paramref name="dst"/> (x.Length / 32 * 18 bytes).</summary>
    public static void QuantizeRow(ReadOnlySpan<float> x, Span<byte> dst)
    {
        if (x.Length % Elements != 0) throw new ArgumentException($"Q4_0 rows hold whole blocks of {Elements}; got {x.Length} values");
        if (dst.Length < x.Length / Elements * Bytes) throw new ArgumentException("destination too small for the Q4_0 row");
        for (int b = 0; b < x.Length / Elements; b++)
        {
            var block = x.Slice(b * Elements, Elements);
            var o = dst.Slice(b * Bytes, Bytes);
            // The signed value of largest magnitude maps to level -8, so the scale may be negative: that keeps the
            // full 16 levels on the side where the extreme value is.
            float amax = 0, max = 0;
            foreach (float v in block)
                if (amax < MathF.Abs(v)) { amax = MathF.Abs(v); max = v; }
            float d = max / -8;
            float id = d != 0 ? 1f / d : 0f;
            BinaryPrimitives.WriteUInt16LittleEndian(o, HalfConvert.SingleToHalf(d));
            for (int j = 0; j < Elements / 2; j++)
            {
                // C: MIN(15, (int8_t)(x * id + 8.5f)): truncation toward zero of a value in [0.5, 16.5].
                int q0 = Math.Min(15, (int)(block[j] * id + 8.5f));
                int q1 = Math.Min(15, (int)(block[j + Elements / 2] * id + 8.5f));
                o[2 + j] = (byte)(q0 | (q1 << 4));
            }
        }
    }

    /// <summary>Dequantizes <paramref name="dst"/>.Length values (a multiple of 32) from <paramref name="src"/>.</summary>
    public static void DequantizeRow(ReadOnlySpan<byte> src, Span<float> dst)
    {
        if (dst.Length % Elements != 0) throw new ArgumentException($"Q4_0 rows hold whole blocks of {Elements}; got {dst.Length} values");
        for (int b = 0; b < dst.Length / Elements; b++)
        {
            var block = src.Slice(b * Bytes, Bytes);
            float d = HalfConvert.HalfToSingle(BinaryPrimitives.ReadUInt16LittleEndian(block));
            var y = dst.Slice(b * Elements, Elements);
            for (int j = 0; j < Elements / 2; j++)
            {
                y[j] = ((block[2 + j] & 0x0F) - 8) * d;
                y[j + Elements / 2] = ((block[2 + j] >> 4) - 8) * d;
            }
        }
    }
}
