using System.Buffers.Binary;

namespace LongDoc.Runtime.Weights.Quantization;

/// <summary>
/// Q5_K: Q4_K with a fifth bit per value (q in [0, 31]): x = d * sc_j * q - dmin * m_j. Scalar reference, equal to
/// ggml's quantize_row_q5_K_ref / dequantize_row_q5_K.
/// <code>
/// block_q5_K (176 bytes)
///   0  half  d           super-block scale of the 6-bit scales
///   2  half  dmin        super-block scale of the 6-bit mins
///   4  u8    scales[12]  8 scales + 8 mins, 6 bits each (<see cref="KQuantMath.GetScaleMinK4"/>)
///  16  u8    qh[32]      high bits: bit 2c of qh[l] is value l of sub-block 2c, bit 2c + 1 value l of sub-block 2c + 1
///  48  u8    qs[128]     low 4 bits, laid out as Q4_K's qs
/// </code>
/// </summary>
public static class Q5_KBlock
{
    public const int Elements = KQuantMath.SuperBlock;
    public const int Bytes = 2 + 2 + 12 + Elements / 8 + Elements / 2;
    public const int ScalesOffset = 4;
    public const int QhOffset = 16;
    public const int QsOffset = 48;

    /// <summary>Quantizes <paramref name="x"/> (a multiple of 256 values) into <paramref name="dst"/> (x.Length / 256 * 176 bytes).</summary>
    public static void QuantizeRow(ReadOnlySpan<float> x, Span<byte> dst)
    {
        if (x.Length % Elements != 0) throw new ArgumentException($"Q5_K rows hold whole blocks of {Elements}; got {x.Length} values");
        if (dst.Length < x.Length / Elements * Bytes) throw new ArgumentException("destination too small for the Q5_K row");
        Span<byte> levels = stackalloc byte[Elements];
        for (int b = 0; b < x.Length / Elements; b++)
        {
            var o = dst.Slice(b * Bytes, Bytes);
            KQuantMath.QuantizeScaleMinSuperBlock(x.Slice(b * Elements, Elements), 31, -0.5f, 0.1f, 15, o, levels);
            var qh = o.Slice(QhOffset, 32);
            var ql = o[QsOffset..];
            qh.Clear();
            for (int c = 0; c < 4; c++)
            {
                byte m1 = (byte)(1 << (2 * c)), m2 = (byte)(2 << (2 * c));
                for (int j = 0; j < 32; j++)
                {
                    int l1 = levels[64 * c + j], l2 = levels[64 * c + j + 32];
                    if (l1 > 15) { l1 -= 16; qh[j] |= m1; }
                    if (l2 > 15) { l2 -= 16; qh[j] |= m2; }
                    ql[32 * c + j] = (byte)(l1 | (l2 << 4));
                }
            }
        }
    }

    /// <summary>Dequantizes <paramref name="dst"/>.Length values (a multiple of 256) from <paramref name="src"/>.</summary>
    public static void DequantizeRow(ReadOnlySpan<byte> src, Span<float> dst)
    {
        if (dst.Length % Elements != 0) throw new ArgumentException($"Q5_K rows hold whole blocks of {Elements}; got {dst.Length} values");
        for (int b = 0; b < dst.Length / Elements; b++)
        {
            var block = src.Slice(b * Bytes, Bytes);
            float d = HalfConvert.HalfToSingle(BinaryPrimitives.ReadUInt16LittleEndian(block));
            float min = HalfConvert.HalfToSingle(BinaryPrimitives.ReadUInt16LittleEndian(block[2..]));
            var scales = block.Slice(ScalesOffset, 12);
            var qh = block.Slice(QhOffset, 32);
            var y = dst.Slice(b * Elements, Elements);
            for (int c = 0; c < 4; c++)
            {
                var ql = block.Slice(QsOffset + 32 * c, 32);
                int u1 = 1 << (2 * c), u2 = 2 << (2 * c);
                var (sc1, m1) = KQuantMath.GetScaleMinK4(2 * c, scales);
                var (sc2, m2) = KQuantMath.GetScaleMinK4(2 * c + 1, scales);
                float d1 = d * sc1, min1 = min * m1, d2 = d * sc2, min2 = min * m2;
                for (int l = 0; l < 32; l++) y[64 * c + l] = d1 * ((ql[l] & 0xF) + ((qh[l] & u1) != 0 ? 16 : 0)) - min1;
                for (int l = 0; l < 32; l++) y[64 * c + 32 + l] = d2 * ((ql[l] >> 4) + ((qh[l] & u2) != 0 ? 16 : 0)) - min2;
            }
        }
    }
}
