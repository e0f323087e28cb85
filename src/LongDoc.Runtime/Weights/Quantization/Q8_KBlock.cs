using System.Buffers.Binary;

namespace LongDoc.Runtime.Weights.Quantization;

/// <summary>
/// Q8_K: the activation format of ggml's k-quant dot products (never a weight type in practice). Super-blocks of
/// 256 values, x = q * d with an f32 d, plus the sums of each 16 q so the dot kernels can apply Q4_K/Q5_K mins and
/// Q6_K's -32 offset with 16 multiplies instead of 256. Scalar reference, equal to ggml's quantize_row_q8_K_ref /
/// dequantize_row_q8_K.
/// <code>
/// block_q8_K (292 bytes)
///   0  f32  d           scale
///   4  i8   qs[256]     values
/// 260  i16  bsums[16]   bsums[j] = sum of qs[16j .. 16j + 15]
/// </code>
/// </summary>
public static class Q8_KBlock
{
    public const int Elements = KQuantMath.SuperBlock;
    public const int Bytes = 4 + Elements + Elements / 16 * 2;
    public const int QsOffset = 4;
    public const int BsumsOffset = 4 + Elements;

    /// <summary>Quantizes <paramref name="x"/> (a multiple of 256 values) into <paramref name="dst"/> (x.Length / 256 * 292 bytes).</summary>
    public static void QuantizeRow(ReadOnlySpan<float> x, Span<byte> dst)
    {
        if (x.Length % Elements != 0) throw new ArgumentException($"Q8_K rows hold whole blocks of {Elements}; got {x.Length} values");
        if (dst.Length < x.Length / Elements * Bytes) throw new ArgumentException("destination too small for the Q8_K row");
        for (int b = 0; b < x.Length / Elements; b++)
        {
            var xb = x.Slice(b * Elements, Elements);
            var o = dst.Slice(b * Bytes, Bytes);
            float max = 0, amax = 0;
            foreach (float v in xb)
                if (MathF.Abs(v) > amax) { amax = MathF.Abs(v); max = v; }
            o.Clear();
            if (amax == 0) continue;
            // -127, not -128: ggml keeps the levels symmetric so AVX sign tricks never meet -128.
            float iscale = -127f / max;
            for (int j = 0; j < Elements; j++) o[QsOffset + j] = (byte)(sbyte)Math.Min(127, KQuantMath.NearestInt(iscale * xb[j]));
            for (int j = 0; j < Elements / 16; j++)
            {
                int sum = 0;
                for (int i = 0; i < 16; i++) sum += (sbyte)o[QsOffset + 16 * j + i];
                BinaryPrimitives.WriteInt16LittleEndian(o[(BsumsOffset + 2 * j)..], (short)sum);
            }
            BinaryPrimitives.WriteSingleLittleEndian(o, 1 / iscale);
        }
    }

    /// <summary>Dequantizes <paramref name="dst"/>.Length values (a multiple of 256) from <paramref name="src"/>.</summary>
    public static void DequantizeRow(ReadOnlySpan<byte> src, Span<float> dst)
    {
        if (dst.Length % Elements != 0) throw new ArgumentException($"Q8_K rows hold whole blocks of {Elements}; got {dst.Length} values");
        for (int b = 0; b < dst.Length / Elements; b++)
        {
            var block = src.Slice(b * Bytes, Bytes);
            float d = BinaryPrimitives.ReadSingleLittleEndian(block);
            for (int j = 0; j < Elements; j++) dst[b * Elements + j] = d * (sbyte)block[QsOffset + j];
        }
    }
}
