using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;
using LongDoc.Runtime.Weights.Quantization;

namespace LongDoc.Runtime.Backends.Cpu.Quant;

/// <summary>
/// Dot product of a Q4_K weight row with Q8_K activations, as ggml_vec_dot_q4_K_q8_K. Per 256-block:
///   sum_i w_i x_i = d*dx * sum_j sc_j * sum_(i in j) q_i y_i  -  dmin*dx * sum_j m_j * sum_(i in j) y_i
/// where the second sum comes from Q8_K's bsums (16 per block), never touching the 256 values again.
/// w: n / 256 blocks of 144 bytes (Q4_KBlock); x: n / 256 blocks of 292 bytes (Q8_KBlock).
/// </summary>
internal static unsafe class DotQ4_K
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
        for (int b = 0; b < n / Q4_KBlock.Elements; b++, w += Q4_KBlock.Bytes, x += Q8_KBlock.Bytes)
        {
            var (scales, mins) = KDot.UnpackScaleMinK4(w + Q4_KBlock.ScalesOffset);
            byte* q = w + Q4_KBlock.QsOffset;
            sbyte* y = (sbyte*)(x + Q8_KBlock.QsOffset);
            int sumi = 0;
            for (int c = 0; c < 4; c++, q += 32, y += 64)
            {
                int s1 = 0, s2 = 0;
                for (int l = 0; l < 32; l++)
                {
                    s1 += (q[l] & 0xF) * y[l];
                    s2 += (q[l] >> 4) * y[l + 32];
                }
                sumi += (int)((scales >> (16 * c)) & 0xFF) * s1 + (int)((scales >> (16 * c + 8)) & 0xFF) * s2;
            }
            sum += Finish(w, x, sumi, mins);
        }
        return sum;
    }

    /// <summary>Avx2 (and AVX-VNNI through <typeparamref name="TDot"/>): two accumulator chains of 4 sub-blocks each.</summary>
    public static float Avx2Path<TDot>(byte* w, byte* x, int n) where TDot : struct, IByteDot
    {
        float sum = 0;
        var low = Vector256.Create((byte)0xF);
        for (int b = 0; b < n / Q4_KBlock.Elements; b++, w += Q4_KBlock.Bytes, x += Q8_KBlock.Bytes)
        {
            var (scales, mins) = KDot.UnpackScaleMinK4(w + Q4_KBlock.ScalesOffset);
            var sc = Vector128.CreateScalar(scales).AsByte();
            byte* q = w + Q4_KBlock.QsOffset;
            sbyte* y = (sbyte*)(x + Q8_KBlock.QsOffset);
            Vector256<byte> q0 = Vector256.Load(q), q1 = Vector256.Load(q + 32), q2 = Vector256.Load(q + 64), q3 = Vector256.Load(q + 96);
            var even = TDot.MulAdd(default, q0 & low, Vector256.Load(y), KDot.ScalePairU(sc, 0, 0));
            var odd = TDot.MulAdd(default, KDot.HighNibbles(q0), Vector256.Load(y + 32), KDot.ScalePairU(sc, 1, 1));
            even = TDot.MulAdd(even, q1 & low, Vector256.Load(y + 64), KDot.ScalePairU(sc, 2, 2));
            odd = TDot.MulAdd(odd, KDot.HighNibbles(q1), Vector256.Load(y + 96), KDot.ScalePairU(sc, 3, 3));
            even = TDot.MulAdd(even, q2 & low, Vector256.Load(y + 128), KDot.ScalePairU(sc, 4, 4));
            odd = TDot.MulAdd(odd, KDot.HighNibbles(q2), Vector256.Load(y + 160), KDot.ScalePairU(sc, 5, 5));
            even = TDot.MulAdd(even, q3 & low, Vector256.Load(y + 192), KDot.ScalePairU(sc, 6, 6));
            odd = TDot.MulAdd(odd, KDot.HighNibbles(q3), Vector256.Load(y + 224), KDot.ScalePairU(sc, 7, 7));
            var (sumi, sumMins) = KDot.Sum2(even + odd, KDot.MinsLanes((short*)(x + Q8_KBlock.BsumsOffset), Vector128.CreateScalar(mins).AsByte()));
            sum += Finish(w, x, sumi, sumMins);
        }
        return sum;
    }

    public static float Vector256Path(byte* w, byte* x, int n)
    {
        float sum = 0;
        var low = Vector256.Create((byte)0xF);
        for (int b = 0; b < n / Q4_KBlock.Elements; b++, w += Q4_KBlock.Bytes, x += Q8_KBlock.Bytes)
        {
            var (scales, mins) = KDot.UnpackScaleMinK4(w + Q4_KBlock.ScalesOffset);
            byte* q = w + Q4_KBlock.QsOffset;
            sbyte* y = (sbyte*)(x + Q8_KBlock.QsOffset);
            var acc = Vector256<int>.Zero;
            for (int c = 0; c < 4; c++, q += 32, y += 64)
            {
                var q4 = Vector256.Load(q);
                acc += KDot.MulAddPortable(q4 & low, Vector256.Load(y)) * (int)((scales >> (16 * c)) & 0xFF);
                acc += KDot.MulAddPortable(KDot.HighNibbles(q4), Vector256.Load(y + 32)) * (int)((scales >> (16 * c + 8)) & 0xFF);
            }
            sum += Finish(w, x, Vector256.Sum(acc), mins);
        }
        return sum;
    }

    /// <summary>One block's f32 result from its exact integer sums; shared with Q5_K (same header layout).</summary>
    internal static float Finish(byte* w, byte* x, int sumi, ulong mins) =>
        Finish(w, x, sumi, KDot.MinsDot((short*)(x + Q8_KBlock.BsumsOffset), mins));

    /// <summary><see cref="Finish(byte*, byte*, int, ulong)"/> with the mins' sum already taken.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static float Finish(byte* w, byte* x, int sumi, int sumMins)
    {
        float dx = *(float*)x;
        return KDot.Half(w) * dx * sumi - KDot.Half(w + 2) * dx * sumMins;
    }
}
