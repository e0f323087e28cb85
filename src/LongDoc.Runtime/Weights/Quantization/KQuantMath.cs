namespace LongDoc.Runtime.Weights.Quantization;

/// <summary>
/// The scale searches of ggml-quants.c that the k-quant reference quantizers share (nearest_int, make_qx_quants,
/// make_qkx2_quants, get_scale_min_k4). Written as ggml writes them, operation by operation in f32, so a file we
/// quantize holds the bytes llama.cpp's reference quantizer (no importance matrix) would write.
/// </summary>
public static class KQuantMath
{
    /// <summary>QK_K: values per k-quant super-block.</summary>
    public const int SuperBlock = 256;

    const float GroupMaxEps = 1e-15f; // GROUP_MAX_EPS: below this a group counts as all zero

    /// <summary>
    /// ggml's nearest_int: adding 1.5 * 2^23 makes the f32 add round to nearest (ties to even) and leaves the
    /// integer in the low mantissa bits. Valid for |f| &lt;= 4194303.
    /// </summary>
    public static int NearestInt(float f)
    {
        float v = f + 12582912f;
        return (BitConverter.SingleToInt32Bits(v) & 0x007fffff) - 0x00400000;
    }

    /// <summary>
    /// make_qx_quants with rmse_type 1 and no importance weights (w = x^2): symmetric levels levels in [0, 2*nmax)
    /// (stored biased by nmax) and the least-squares scale, trying 18 scales around nmax / max. Used by Q6_K.
    /// </summary>
    public static float MakeQxQuants(int n, int nmax, ReadOnlySpan<float> x, Span<sbyte> levels)
    {
        float max = 0, amax = 0;
        for (int i = 0; i < n; i++)
        {
            float ax = MathF.Abs(x[i]);
            if (ax > amax) { amax = ax; max = x[i]; }
        }
        if (amax < GroupMaxEps)
        {
            levels[..n].Clear();
            return 0f;
        }
        float iscale = -nmax / max;
        float sumlx = 0, suml2 = 0;
        for (int i = 0; i < n; i++)
        {
            int l = Math.Max(-nmax, Math.Min(nmax - 1, NearestInt(iscale * x[i])));
            levels[i] = (sbyte)(l + nmax);
            float w = x[i] * x[i];
            sumlx += w * x[i] * l;
            suml2 += w * l * l;
        }
        float scale = suml2 != 0 ? sumlx / suml2 : 0f;
        float best = scale * sumlx;
        for (int step = -9; step <= 9; step++)
        {
            if (step == 0) continue;
            iscale = -(nmax + 0.1f * step) / max;
            sumlx = suml2 = 0;
            for (int i = 0; i < n; i++)
            {
                int l = Math.Max(-nmax, Math.Min(nmax - 1, NearestInt(iscale * x[i])));
                float w = x[i] * x[i];
                sumlx += w * x[i] * l;
                suml2 += w * l * l;
            }
            if (suml2 > 0 && sumlx * sumlx > best * suml2)
            {
                for (int i = 0; i < n; i++) levels[i] = (sbyte)(nmax + Math.Max(-nmax, Math.Min(nmax - 1, NearestInt(iscale * x[i]))));
                scale = sumlx / suml2;
                best = scale * sumlx;
            }
        }
        return scale;
    }

    /// <summary>
    /// make_qkx2_quants: asymmetric levels levels in [0, nmax] with x ~ scale * levels - theMin, searching nstep + 1 scales
    /// (rmin + rdelta * is + nmax) / (max - min) and solving weighted least squares for scale and min at each.
    /// Returns the scale; <paramref name="theMin"/> is the (non-negative) offset. Used by Q4_K and Q5_K.
    /// </summary>
    public static float MakeQkx2Quants(int n, int nmax, ReadOnlySpan<float> x, ReadOnlySpan<float> weights, Span<byte> levels,
        out float theMin, Span<byte> levelsAux, float rmin, float rdelta, int nstep, bool useMad)
    {
        float min = x[0], max = x[0];
        float sumW = weights[0];
        float sumX = sumW * x[0];
        for (int i = 1; i < n; i++)
        {
            if (x[i] < min) min = x[i];
            if (x[i] > max) max = x[i];
            float w = weights[i];
            sumW += w;
            sumX += w * x[i];
        }
        if (min > 0) min = 0;
        if (max == min)
        {
            levels[..n].Clear();
            theMin = -min;
            return 0f;
        }
        float iscale = nmax / (max - min);
        float scale = 1 / iscale;
        float bestError = 0;
        for (int i = 0; i < n; i++)
        {
            levels[i] = (byte)Math.Max(0, Math.Min(nmax, NearestInt(iscale * (x[i] - min))));
            float diff = scale * levels[i] + min - x[i];
            diff = useMad ? MathF.Abs(diff) : diff * diff;
            bestError += weights[i] * diff;
        }
        if (nstep < 1)
        {
            theMin = -min;
            return scale;
        }
        for (int step = 0; step <= nstep; step++)
        {
            iscale = (rmin + rdelta * step + nmax) / (max - min);
            float sumL = 0, sumL2 = 0, sumXL = 0;
            for (int i = 0; i < n; i++)
            {
                int l = Math.Max(0, Math.Min(nmax, NearestInt(iscale * (x[i] - min))));
                levelsAux[i] = (byte)l;
                float w = weights[i];
                sumL += w * l;
                sumL2 += w * l * l;
                sumXL += w * l * x[i];
            }
            float det = sumW * sumL2 - sumL * sumL;
            if (det > 0)
            {
                float thisScale = (sumW * sumXL - sumX * sumL) / det;
                float thisMin = (sumL2 * sumX - sumL * sumXL) / det;
                if (thisMin > 0)
                {
                    thisMin = 0;
                    thisScale = sumXL / sumL2;
                }
                float curError = 0;
                for (int i = 0; i < n; i++)
                {
                    float diff = thisScale * levelsAux[i] + thisMin - x[i];
                    diff = useMad ? MathF.Abs(diff) : diff * diff;
                    curError += weights[i] * diff;
                }
                if (curError < bestError)
                {
                    levelsAux[..n].CopyTo(levels);
                    bestError = curError;
                    scale = thisScale;
                    min = thisMin;
                }
            }
        }
        theMin = -min;
        return scale;
    }

    /// <summary>
    /// get_scale_min_k4: the 6-bit scale and min of sub-block j (0..7) from Q4_K/Q5_K's 12 packed bytes.
    /// Bytes 0-3: scales 0-3 (low 6 bits) with the high 2 bits of scales 4-7 on top; bytes 4-7: mins 0-3 likewise
    /// with the high bits of mins 4-7; bytes 8-11: low nibble = scale 4-7 low 4 bits, high nibble = min 4-7 low 4 bits.
    /// </summary>
    public static (byte Scale, byte Min) GetScaleMinK4(int j, ReadOnlySpan<byte> q) => j < 4
        ? ((byte)(q[j] & 63), (byte)(q[j + 4] & 63))
        : ((byte)((q[j + 4] & 0xF) | ((q[j - 4] >> 6) << 4)), (byte)((q[j + 4] >> 4) | ((q[j] >> 6) << 4)));

    /// <summary>The inverse of <see cref="GetScaleMinK4"/>: packs eight 6-bit scales and mins into 12 bytes.</summary>
    public static void PackScaleMinK4(ReadOnlySpan<byte> ls, ReadOnlySpan<byte> lm, Span<byte> q)
    {
        q[..12].Clear();
        for (int j = 0; j < 8; j++)
        {
            if (j < 4)
            {
                q[j] = ls[j];
                q[j + 4] = lm[j];
            }
            else
            {
                q[j + 4] = (byte)((ls[j] & 0xF) | ((lm[j] & 0xF) << 4));
                q[j - 4] |= (byte)((ls[j] >> 4) << 6);
                q[j] |= (byte)((lm[j] >> 4) << 6);
            }
        }
    }

    /// <summary>
    /// The part of quantize_row_q4_K_ref / q5_K_ref before the bit packing: per 32-value sub-block a make_qkx2_quants
    /// scale and min, both quantized to 6 bits against the block maxima (d = max_scale / 63, dmin = max_min / 63),
    /// then each value re-quantized to [0, nmax] with the stored (f16-rounded) scales. Writes d, dmin, scales[12]
    /// at the block's start and the levels into <paramref name="levels"/> (256).
    /// </summary>
    public static void QuantizeScaleMinSuperBlock(ReadOnlySpan<float> x, int nmax, float rmin, float rdelta, int nstep,
        Span<byte> block, Span<byte> levels)
    {
        Span<float> weights = stackalloc float[32], scales = stackalloc float[8], mins = stackalloc float[8];
        Span<byte> laux = stackalloc byte[32], ls = stackalloc byte[8], lm = stackalloc byte[8];
        float maxScale = 0, maxMin = 0; // the min is subtracted, so scales are positive
        for (int j = 0; j < 8; j++)
        {
            var xs = x.Slice(32 * j, 32);
            float sumX2 = 0;
            for (int l = 0; l < 32; l++) sumX2 += xs[l] * xs[l];
            float avX = MathF.Sqrt(sumX2 / 32);
            for (int l = 0; l < 32; l++) weights[l] = avX + MathF.Abs(xs[l]);
            scales[j] = MakeQkx2Quants(32, nmax, xs, weights, levels.Slice(32 * j, 32), out mins[j], laux, rmin, rdelta, nstep, false);
            if (scales[j] > maxScale) maxScale = scales[j];
            if (mins[j] > maxMin) maxMin = mins[j];
        }
        float invScale = maxScale > 0 ? 63f / maxScale : 0f;
        float invMin = maxMin > 0 ? 63f / maxMin : 0f;
        for (int j = 0; j < 8; j++)
        {
            ls[j] = Math.Min((byte)63, (byte)NearestInt(invScale * scales[j])); // C: uint8_t ls = nearest_int(..); MIN(63, ls)
            lm[j] = Math.Min((byte)63, (byte)NearestInt(invMin * mins[j]));
        }
        PackScaleMinK4(ls, lm, block.Slice(4, 12));
        ushort dBits = HalfConvert.SingleToHalf(maxScale / 63f), mBits = HalfConvert.SingleToHalf(maxMin / 63f);
        block[0] = (byte)dBits; block[1] = (byte)(dBits >> 8);
        block[2] = (byte)mBits; block[3] = (byte)(mBits >> 8);
        float d0 = HalfConvert.HalfToSingle(dBits), m0 = HalfConvert.HalfToSingle(mBits);
        for (int j = 0; j < 8; j++)
        {
            var (sc, m) = GetScaleMinK4(j, block.Slice(4, 12));
            float d = d0 * sc;
            if (d == 0) continue;
            float dm = m0 * m;
            for (int i = 0; i < 32; i++) levels[32 * j + i] = (byte)Math.Max(0, Math.Min(nmax, NearestInt((x[32 * j + i] + dm) / d)));
        }
    }
}
