using System.Buffers.Binary;

namespace LongDoc.Runtime.Weights.Quantization;

/// <summary>
/// Q6_K: super-blocks of 256 values in 16 sub-blocks of 16; sub-block j has an int8 scale sc_j and
/// x = d * sc_j * (q - 32) with q in [0, 63]. Scalar reference, equal to ggml's quantize_row_q6_K_ref /
/// dequantize_row_q6_K. Note d sits at the end of the block.
/// <code>
/// block_q6_K (210 bytes), per half h (values 128h .. 128h + 127), l in 0..31:
///   0  u8    ql[128]     ql[64h + l]: low 4 bits of value l (low nibble) and l + 64 (high nibble);
///                        ql[64h + 32 + l]: low 4 bits of value l + 32 (low nibble) and l + 96 (high nibble)
/// 128  u8    qh[64]      qh[32h + l]: high 2 bits of values l, l + 32, l + 64, l + 96 at bits 0, 2, 4, 6
/// 192  i8    scales[16]  one per 16 values
/// 208  half  d           super-block scale
/// </code>
/// </summary>
public static class Q6_KBlock
{
    public const int Elements = KQuantMath.SuperBlock;
    public const int Bytes = Elements / 2 + Elements / 4 + Elements / 16 + 2;
    public const int QhOffset = 128;
    public const int ScalesOffset = 192;
    public const int DOffset = 208;

    /// <summary>Quantizes <paramref name="x"/> (a multiple of 256 values) into <paramref name="dst"/> (x.Length / 256 * 210 bytes).</summary>
    public static void QuantizeRow(ReadOnlySpan<float> x, Span<byte> dst)
    {
        if (x.Length % Elements != 0) throw new ArgumentException($"Q6_K rows hold whole blocks of {Elements}; got {x.Length} values");
        if (dst.Length < x.Length / Elements * Bytes) throw new ArgumentException("destination too small for the Q6_K row");
        Span<sbyte> levels = stackalloc sbyte[Elements];
        Span<float> scales = stackalloc float[Elements / 16];
        for (int b = 0; b < x.Length / Elements; b++)
        {
            var xb = x.Slice(b * Elements, Elements);
            var o = dst.Slice(b * Bytes, Bytes);
            float maxScale = 0, maxAbsScale = 0;
            for (int ib = 0; ib < Elements / 16; ib++)
            {
                scales[ib] = KQuantMath.MakeQxQuants(16, 32, xb.Slice(16 * ib, 16), levels.Slice(16 * ib, 16));
                if (MathF.Abs(scales[ib]) > maxAbsScale) { maxAbsScale = MathF.Abs(scales[ib]); maxScale = scales[ib]; }
            }
            o.Clear();
            if (maxAbsScale < 1e-15f) continue; // GROUP_MAX_EPS: an all-zero block is all-zero bytes

            float iscale = -128f / maxScale;
            ushort dBits = HalfConvert.SingleToHalf(1 / iscale);
            BinaryPrimitives.WriteUInt16LittleEndian(o[DOffset..], dBits);
            for (int ib = 0; ib < Elements / 16; ib++) o[ScalesOffset + ib] = (byte)(sbyte)Math.Min(127, KQuantMath.NearestInt(iscale * scales[ib]));
            float d0 = HalfConvert.HalfToSingle(dBits);
            for (int j = 0; j < Elements / 16; j++)
            {
                float d = d0 * (sbyte)o[ScalesOffset + j];
                if (d == 0) continue;
                for (int i = 0; i < 16; i++) levels[16 * j + i] = (sbyte)(Math.Max(-32, Math.Min(31, KQuantMath.NearestInt(xb[16 * j + i] / d))) + 32);
            }
            for (int h = 0; h < 2; h++)
            {
                var ql = o.Slice(64 * h, 64);
                var qh = o.Slice(QhOffset + 32 * h, 32);
                var levelsHalf = levels.Slice(128 * h, 128);
                for (int l = 0; l < 32; l++)
                {
                    ql[l] = (byte)((levelsHalf[l] & 0xF) | ((levelsHalf[l + 64] & 0xF) << 4));
                    ql[l + 32] = (byte)((levelsHalf[l + 32] & 0xF) | ((levelsHalf[l + 96] & 0xF) << 4));
                    qh[l] = (byte)((levelsHalf[l] >> 4) | ((levelsHalf[l + 32] >> 4) << 2) | ((levelsHalf[l + 64] >> 4) << 4) | ((levelsHalf[l + 96] >> 4) << 6));
                }
            }
        }
    }

    /// <summary>Dequantizes <paramref name="dst"/>.Length values (a multiple of 256) from <paramref name="src"/>.</summary>
    public static void DequantizeRow(ReadOnlySpan<byte> src, Span<float> dst)
    {
        if (dst.Length % Elements != 0) throw new ArgumentException($"Q6_K rows hold whole blocks of {Elements}; got {dst.Length} values");
        for (int b = 0; b < dst.Length / Elements; b++)
        {
            var block = src.Slice(b * Bytes, Bytes);
            float d = HalfConvert.HalfToSingle(BinaryPrimitives.ReadUInt16LittleEndian(block[DOffset..]));
            for (int h = 0; h < 2; h++)
            {
                var ql = block.Slice(64 * h, 64);
                var qh = block.Slice(QhOffset + 32 * h, 32);
                var sc = block.Slice(ScalesOffset + 8 * h, 8);
                var y = dst.Slice(b * Elements + 128 * h, 128);
                for (int l = 0; l < 32; l++)
                {
                    int s = l / 16;
                    int q1 = ((ql[l] & 0xF) | (((qh[l] >> 0) & 3) << 4)) - 32;
                    int q2 = ((ql[l + 32] & 0xF) | (((qh[l] >> 2) & 3) << 4)) - 32;
                    int q3 = ((ql[l] >> 4) | (((qh[l] >> 4) & 3) << 4)) - 32;
                    int q4 = ((ql[l + 32] >> 4) | (((qh[l] >> 6) & 3) << 4)) - 32;
                    y[l] = d * (sbyte)sc[s] * q1;
                    y[l + 32] = d * (sbyte)sc[s + 2] * q2;
                    y[l + 64] = d * (sbyte)sc[s + 4] * q3;
                    y[l + 96] = d * (sbyte)sc[s + 6] * q4;
                }
            }
        }
    }
}
