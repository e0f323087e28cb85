using System.Buffers.Binary;

namespace LongDoc.Runtime.Weights.Quantization;

/// <summary>
/// Q4_K: super-blocks of 256 values in 8 sub-blocks of 32; sub-block j has a 6-bit scale sc_j and min m_j, and
/// x = d * sc_j * q - dmin * m_j with q in [0, 15]. Scalar reference, equal to ggml's quantize_row_q4_K_ref /
/// dequantize_row_q4_K.
/// <code>
/// block_q4_K (144 bytes)
///   0  half  d           super-block scale of the 6-bit scales
///   2  half  dmin        super-block scale of the 6-bit mins
///   4  u8    scales[12]  8 scales + 8 mins, 6 bits each (<see cref="KQuantMath.GetScaleMinK4"/>)
///  16  u8    qs[128]     4 chunks of 32 bytes; chunk c holds sub-block 2c in low nibbles, 2c + 1 in high nibbles
/// </code>
/// </summary>
public static class Q4_KBlock
{
    public const int Elements = KQuantMath.SuperBlock;
    public const int Bytes = 2 + 2 + 12 + Elements / 2;
    public const int ScalesOffset = 4;
    public const int QsOffset = 16;

    /// <summary>Quantizes <paramref name="x"/> (a multiple of 256 values) into <paramref name="dst"/> (x.Length / 256 * 144 bytes).</summary>
    public static void QuantizeRow(ReadOnlySpan<float> x, Span<byte> dst)
    {
        if (x.Length % Elements != 0) throw new ArgumentException($"Q4_K rows hold whole blocks of {Elements}; got {x.Length} values");
        if (dst.Length < x.Length / Elements * Bytes) throw new ArgumentException("destination too small for the Q4_K row");
        Span<byte> levels = stackalloc byte[Elements];
        for (int b = 0; b < x.Length / Elements; b++)
        {
            var o = dst.Slice(b * Bytes, Bytes);
            KQuantMath.QuantizeScaleMinSuperBlock(x.Slice(b * Elements, Elements), 15, -1f, 0.1f, 20, o, levels);
            var qs = o[QsOffset..];
            for (int c = 0; c < 4; c++)
                for (int l = 0; l < 32; l++) qs[32 * c + l] = (byte)(levels[64 * c + l] | (levels[64 * c + l + 32] << 4));
        }
    }

    /// <summary>Dequantizes <paramref name="dst"/>.Length values (a multiple of 256) from <paramref name="src"/>.</summary>
    public static void DequantizeRow(ReadOnlySpan<byte> src, Span<float> dst)
    {
        if (dst.Length % Elements != 0) throw new ArgumentException($"Q4_K rows hold whole blocks of {Elements}; got {dst.Length} values");
        for (int b = 0; b < dst.Length / Elements; b++)
        {
            var block = src.Slice(b * Bytes, Bytes);
            float d = HalfConvert.HalfToSingle(BinaryPrimitives.ReadUInt16LittleEndian(block));
            float min = HalfConvert.HalfToSingle(BinaryPrimitives.ReadUInt16LittleEndian(block[2..]));
            var scales = block.Slice(ScalesOffset, 12);
            var y = dst.Slice(b * Elements, Elements);
            for (int c = 0; c < 4; c++)
            {
                var q = block.Slice(QsOffset + 32 * c, 32);
                var (sc1, m1) = KQuantMath.GetScaleMinK4(2 * c, scales);
                var (sc2, m2) = KQuantMath.GetScaleMinK4(2 * c + 1, scales);
                float d1 = d * sc1, min1 = min * m1, d2 = d * sc2, min2 = min * m2;
                for (int l = 0; l < 32; l++) y[64 * c + l] = d1 * (q[l] & 0xF) - min1;
                for (int l = 0; l < 32; l++) y[64 * c + 32 + l] = d2 * (q[l] >> 4) - min2;
            }
        }
    }
}
