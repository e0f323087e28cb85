using System.Buffers.Binary;

namespace LongDoc.Runtime.Weights.Quantization;

/// <summary>
/// Q8_0: blocks of 32 values stored as one f16 scale d then 32 int8 q (34 bytes); x = q * d.
/// Scalar reference, bit-exact with ggml's quantize_row_q8_0_ref / dequantize_row_q8_0.
/// </summary>
public static class Q8_0Block
{
    public const int Elements = 32;
    public const int Bytes = 2 + Elements;

    /// <summary>Quantizes <paramref name="x"/> (a multiple of 32 values) into <paramref name="dst"/> (x.Length / 32 * 34 bytes).</summary>
    public static void QuantizeRow(ReadOnlySpan<float> x, Span<byte> dst)
    {
        if (x.Length % Elements != 0) throw new ArgumentException($"Q8_0 rows hold whole blocks of {Elements}; got {x.Length} values");
        if (dst.Length < x.Length / Elements * Bytes) throw new ArgumentException("destination too small for the Q8_0 row");
        for (int b = 0; b < x.Length / Elements; b++)
        {
            var block = x.Slice(b * Elements, Elements);
            var o = dst.Slice(b * Bytes, Bytes);
            float amax = 0;
            foreach (float v in block) amax = MathF.Max(amax, MathF.Abs(v));
            // ggml quantizes with the f32 scale and stores its f16 rounding: keep both steps as they are.
            float d = amax / 127f;
            float id = d != 0 ? 1f / d : 0f;
            BinaryPrimitives.WriteUInt16LittleEndian(o, HalfConvert.SingleToHalf(d));
            for (int i = 0; i < Elements; i++)
                o[2 + i] = (byte)(sbyte)MathF.Round(block[i] * id, MidpointRounding.AwayFromZero); // C roundf
        }
    }

    /// <summary>Dequantizes <paramref name="dst"/>.Length values (a multiple of 32) from <paramref name="src"/>.</summary>
    public static void DequantizeRow(ReadOnlySpan<byte> src, Span<float> dst)
    {
        if (dst.Length % Elements != 0) throw new ArgumentException($"Q8_0 rows hold whole blocks of {Elements}; got {dst.Length} values");
        for (int b = 0; b < dst.Length / Elements; b++)
        {
            var block = src.Slice(b * Bytes, Bytes);
            float d = HalfConvert.HalfToSingle(BinaryPrimitives.ReadUInt16LittleEndian(block));
            for (int i = 0; i < Elements; i++) dst[b * Elements + i] = (sbyte)block[2 + i] * d;
        }
    }
}
