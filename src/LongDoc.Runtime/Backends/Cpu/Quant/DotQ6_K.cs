using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;
using LongDoc.Runtime.Weights.Quantization;

namespace LongDoc.Runtime.Backends.Cpu.Quant;

/// <summary>
/// Dot product of a Q6_K weight row with Q8_K activations, as ggml_vec_dot_q6_K_q8_K. Per 256-block, with q in
/// [0, 63] and sc_j the int8 scale of the 16 values j:
///   sum_i w_i x_i = d*dx * (sum_j sc_j * sum_(i in j) q_i y_i  -  32 * sum_j sc_j * bsums_j)
/// so the SIMD paths multiply unsigned q (vpmaddubsw) and take the -32 offset from Q8_K's bsums.
/// w: n / 256 blocks of 210 bytes (Q6_KBlock); x: n / 256 blocks of 292 bytes (Q8_KBlock).
/// </summary>
internal static unsafe class DotQ6_K
{
    public static float Dot(byte* w, byte* x, int n)
    {
        // No 512-bit path: on the Avx512 host we measured, one was ~15% slower than Avx2 (per-block work dominates).
        if (AvxVnni.IsSupported) return Avx2Path<VnniDot>(w, x, n);
        if (Avx2.IsSupported) return Avx2Path<MaddubsDot>(w, x, n);
        if (Vector256.IsHardwareAccelerated) return Vector256Path(w, x, n);
        return Scalar(w, x, n);
    }

    public static float Scalar(byte* w, byte* x, int n)
    {
        float sum = 0;
        for (int b = 0; b < n / Q6_KBlock.Elements; b++, w += Q6_KBlock.Bytes, x += Q8_KBlock.Bytes)
        {
            sbyte* sc = (sbyte*)(w + Q6_KBlock.ScalesOffset);
            sbyte* y = (sbyte*)(x + Q8_KBlock.QsOffset);
            int sumi = 0;
            for (int h = 0; h < 2; h++)
            {
                byte* ql = w + 64 * h, qh = w + Q6_KBlock.QhOffset + 32 * h;
                for (int g = 0; g < 4; g++)
                    for (int k = 0; k < 2; k++)
                    {
                        int s = 0;
                        for (int l = 16 * k; l < 16 * k + 16; l++)
                        {
                            int q = ((ql[l + 32 * (g & 1)] >> (4 * (g >> 1))) & 0xF) | (((qh[l] >> (2 * g)) & 3) << 4);
                            s += (q - 32) * y[128 * h + 32 * g + l];
                        }
                        sumi += sc[8 * h + 2 * g + k] * s;
                    }
            }
            sum += KDot.Half(w + Q6_KBlock.DOffset) * *(float*)x * sumi;
        }
        return sum;
    }

    /// <summary>The 6-bit values (0..63) of half h: groups g = 0..3 are values 32g .. 32g + 31 of the half.</summary>
    // Inlined: left as a call (seen with PGO off), the 4-vector tuple goes through memory, 11% of a Q4_K_M decode.
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static (Vector256<byte> G0, Vector256<byte> G1, Vector256<byte> G2, Vector256<byte> G3) Unpack(byte* w, int h)
    {
        var ql0 = Vector256.Load(w + 64 * h);
        var ql1 = Vector256.Load(w + 64 * h + 32);
        var qh = Vector256.Load(w + Q6_KBlock.QhOffset + 32 * h);
        var low4 = Vector256.Create((byte)0xF);
        var two = Vector256.Create((byte)0x30); // the two high bits, in place
        return ((ql0 & low4) | (KDot.ShiftLeftUnmasked(qh, 4) & two),
                (ql1 & low4) | (KDot.ShiftLeftUnmasked(qh, 2) & two),
                KDot.HighNibbles(ql0) | (qh & two),
                KDot.HighNibbles(ql1) | (KDot.ShiftRightUnmasked(qh, 2) & two));
    }

    /// <summary>
    /// 32 * sum_j sc_j * bsums_j: the -32 offset of every q, from the activation block sums. Integer, so the
    /// Avx2 form (16 scales widened to int16, one vpmaddwd with the bsums) equals the loop.
    /// </summary>
    internal static int OffsetSum(byte* w, byte* x)
    {
        sbyte* sc = (sbyte*)(w + Q6_KBlock.ScalesOffset);
        short* bsums = (short*)(x + Q8_KBlock.BsumsOffset);
        if (Avx2.IsSupported)
            return 32 * Vector256.Sum(Avx2.MultiplyAddAdjacent(Avx2.ConvertToVector256Int16(Vector128.Load(sc)), Vector256.Load(bsums)));
        int s = 0;
        for (int j = 0; j < 16; j++) s += sc[j] * bsums[j];
        return 32 * s;
    }

    /// <summary>Avx2: <see cref="OffsetSum"/> as 8 int32 lanes (subtracted from the block's lanes before the one horizontal sum).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static Vector256<int> OffsetLanes(Vector128<sbyte> sc, byte* x) =>
        Avx2.MultiplyAddAdjacent(Avx2.ConvertToVector256Int16(sc), Vector256.Load((short*)(x + Q8_KBlock.BsumsOffset))) << 5;

    /// <summary>Avx2 (and AVX-VNNI through <typeparamref name="TDot"/>): one accumulator chain per half-block.</summary>
    public static float Avx2Path<TDot>(byte* w, byte* x, int n) where TDot : struct, IByteDot
    {
        float sum = 0;
        for (int b = 0; b < n / Q6_KBlock.Elements; b++, w += Q6_KBlock.Bytes, x += Q8_KBlock.Bytes)
        {
            sbyte* y = (sbyte*)(x + Q8_KBlock.QsOffset);
            // the 16 scales widened once; each group's pair by one vpshufb (DotQ3_K.Pair)
            var all = Avx2.ConvertToVector256Int16(Vector128.Load((sbyte*)(w + Q6_KBlock.ScalesOffset)));
            var low8 = Avx2.Permute2x128(all, all, 0x00);
            var (g0, g1, g2, g3) = Unpack(w, 0);
            var first = TDot.MulAdd(default, g0, Vector256.Load(y), DotQ3_K.Pair(low8, 0));
            first = TDot.MulAdd(first, g1, Vector256.Load(y + 32), DotQ3_K.Pair(low8, 2));
            first = TDot.MulAdd(first, g2, Vector256.Load(y + 64), DotQ3_K.Pair(low8, 4));
            first = TDot.MulAdd(first, g3, Vector256.Load(y + 96), DotQ3_K.Pair(low8, 6));
            var high8 = Avx2.Permute2x128(all, all, 0x11);
            (g0, g1, g2, g3) = Unpack(w, 1);
            var second = TDot.MulAdd(default, g0, Vector256.Load(y + 128), DotQ3_K.Pair(high8, 0));
            second = TDot.MulAdd(second, g1, Vector256.Load(y + 160), DotQ3_K.Pair(high8, 2));
            second = TDot.MulAdd(second, g2, Vector256.Load(y + 192), DotQ3_K.Pair(high8, 4));
            second = TDot.MulAdd(second, g3, Vector256.Load(y + 224), DotQ3_K.Pair(high8, 6));
            var offset = Avx2.MultiplyAddAdjacent(all, Vector256.Load((short*)(x + Q8_KBlock.BsumsOffset))) << 5;
            sum += KDot.Half(w + Q6_KBlock.DOffset) * *(float*)x * Vector256.Sum(first + second - offset);
        }
        return sum;
    }

    public static float Vector256Path(byte* w, byte* x, int n)
    {
        float sum = 0;
        for (int b = 0; b < n / Q6_KBlock.Elements; b++, w += Q6_KBlock.Bytes, x += Q8_KBlock.Bytes)
        {
            sbyte* sc = (sbyte*)(w + Q6_KBlock.ScalesOffset);
            sbyte* y = (sbyte*)(x + Q8_KBlock.QsOffset);
            var acc = Vector256<int>.Zero;
            for (int h = 0; h < 2; h++, sc += 8, y += 128)
            {
                var (g0, g1, g2, g3) = Unpack(w, h);
                acc += KDot.MulAddPortable(g0, Vector256.Load(y), sc[0], sc[1]);
                acc += KDot.MulAddPortable(g1, Vector256.Load(y + 32), sc[2], sc[3]);
                acc += KDot.MulAddPortable(g2, Vector256.Load(y + 64), sc[4], sc[5]);
                acc += KDot.MulAddPortable(g3, Vector256.Load(y + 96), sc[6], sc[7]);
            }
            sum += KDot.Half(w + Q6_KBlock.DOffset) * *(float*)x * (Vector256.Sum(acc) - OffsetSum(w, x));
        }
        return sum;
    }
}
