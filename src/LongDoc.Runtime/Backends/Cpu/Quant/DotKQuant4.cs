using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;
using LongDoc.Runtime.Weights.Quantization;

namespace LongDoc.Runtime.Backends.Cpu.Quant;

/// <summary>
/// Prefill form of the Q4_K, Q5_K and Q6_K dots: one weight row against 4 tokens, so each block's scales and 4/6-bit
/// values are unpacked once for 4 tokens instead of once per token (the per-block unpacking is about half of a
/// single dot's work). Each token's result is the single dot's, bit for bit: the same exact int32 block sums, then
/// the same f32 steps in the same block order. Avx2 and AVX-VNNI forms through <see cref="IByteDot"/>.
/// w: one row (n / 256 blocks); x: 4 tokens' Q8_K rows, xStride bytes apart; y[k * yStride] for token k.
/// </summary>
internal static unsafe class DotKQuant4
{
    public const int Tokens = 4;

    public static void Q4_K(byte* w, byte* x, long xStride, int n, float* y, long yStride)
    {
        if (AvxVnni.IsSupported) Q4_KPath<VnniDot>(w, x, xStride, n, y, yStride);
        else if (Avx2.IsSupported) Q4_KPath<MaddubsDot>(w, x, xStride, n, y, yStride);
        else Each(&DotQ4_K.Dot, w, x, xStride, n, y, yStride);
    }

    public static void Q4_KPath<TDot>(byte* w, byte* x, long xStride, int n, float* y, long yStride) where TDot : struct, IByteDot
    {
        var s = Vector128<float>.Zero;   // token k's row sum in lane k
        var low = Vector256.Create((byte)0xF);
        for (int b = 0; b < n / Q4_KBlock.Elements; b++, w += Q4_KBlock.Bytes, x += Q8_KBlock.Bytes)
        {
            var (scales, mins) = KDot.UnpackScaleMinK4(w + Q4_KBlock.ScalesOffset);
            var sc = Vector128.CreateScalar(scales).AsByte();
            var m = Vector128.CreateScalar(mins).AsByte();
            byte* q = w + Q4_KBlock.QsOffset;
            sbyte* y0 = (sbyte*)(x + Q8_KBlock.QsOffset), y1 = y0 + xStride, y2 = y1 + xStride, y3 = y2 + xStride;
            Vector256<int> a0 = default, a1 = default, a2 = default, a3 = default;
            for (int c = 0; c < 4; c++, q += 32)
            {
                var q4 = Vector256.Load(q);
                var lo = q4 & low;
                var hi = KDot.HighNibbles(q4);
                // c is no constant here: the scale pair's shuffle indexes are built, not folded.
                var (sl, sh) = KDot.ScalePair(sc, c);
                int o = 64 * c;
                a0 = TDot.MulAdd(TDot.MulAdd(a0, lo, Vector256.Load(y0 + o), sl), hi, Vector256.Load(y0 + o + 32), sh);
                a1 = TDot.MulAdd(TDot.MulAdd(a1, lo, Vector256.Load(y1 + o), sl), hi, Vector256.Load(y1 + o + 32), sh);
                a2 = TDot.MulAdd(TDot.MulAdd(a2, lo, Vector256.Load(y2 + o), sl), hi, Vector256.Load(y2 + o + 32), sh);
                a3 = TDot.MulAdd(TDot.MulAdd(a3, lo, Vector256.Load(y3 + o), sl), hi, Vector256.Load(y3 + o + 32), sh);
            }
            var sums = KDot.Sum4(a0, a1, a2, a3);
            var ms = KDot.MinsSum4(x, xStride, m);
            // DotQ4_K.Finish for the 4 tokens as lanes: (d * dx) * sumi - (dmin * dx) * sumMins, the same f32 steps.
            var dx = Vector128.Create(*(float*)x, *(float*)(x + xStride), *(float*)(x + 2 * xStride), *(float*)(x + 3 * xStride));
            s += Vector128.Create(KDot.Half(w)) * dx * Vector128.ConvertToSingle(sums) - Vector128.Create(KDot.Half(w + 2)) * dx * Vector128.ConvertToSingle(ms);
        }
        y[0] = s.GetElement(0); y[yStride] = s.GetElement(1); y[2 * yStride] = s.GetElement(2); y[3 * yStride] = s.GetElement(3);
    }

    public static void Q5_K(byte* w, byte* x, long xStride, int n, float* y, long yStride)
    {
        if (AvxVnni.IsSupported) Q5_KPath<VnniDot>(w, x, xStride, n, y, yStride);
        else if (Avx2.IsSupported) Q5_KPath<MaddubsDot>(w, x, xStride, n, y, yStride);
        else Each(&DotQ5_K.Dot, w, x, xStride, n, y, yStride);
    }

    public static void Q5_KPath<TDot>(byte* w, byte* x, long xStride, int n, float* y, long yStride) where TDot : struct, IByteDot
    {
        float s0 = 0, s1 = 0, s2 = 0, s3 = 0;
        for (int b = 0; b < n / Q5_KBlock.Elements; b++, w += Q5_KBlock.Bytes, x += Q8_KBlock.Bytes)
        {
            var (scales, mins) = KDot.UnpackScaleMinK4(w + Q5_KBlock.ScalesOffset);
            var sc = Vector128.CreateScalar(scales).AsByte();
            var m = Vector128.CreateScalar(mins).AsByte();
            byte* ql = w + Q5_KBlock.QsOffset;
            var qh = Vector256.Load(w + Q5_KBlock.QhOffset);
            sbyte* y0 = (sbyte*)(x + Q8_KBlock.QsOffset), y1 = y0 + xStride, y2 = y1 + xStride, y3 = y2 + xStride;
            Vector256<int> a0 = default, a1 = default, a2 = default, a3 = default;
            for (int c = 0; c < 4; c++, ql += 32)
            {
                var (lo, hi) = DotQ5_K.Unpack(ql, qh, c);
                var (sl, sh) = KDot.ScalePair(sc, c);
                int o = 64 * c;
                a0 = TDot.MulAdd(TDot.MulAdd(a0, lo, Vector256.Load(y0 + o), sl), hi, Vector256.Load(y0 + o + 32), sh);
                a1 = TDot.MulAdd(TDot.MulAdd(a1, lo, Vector256.Load(y1 + o), sl), hi, Vector256.Load(y1 + o + 32), sh);
                a2 = TDot.MulAdd(TDot.MulAdd(a2, lo, Vector256.Load(y2 + o), sl), hi, Vector256.Load(y2 + o + 32), sh);
                a3 = TDot.MulAdd(TDot.MulAdd(a3, lo, Vector256.Load(y3 + o), sl), hi, Vector256.Load(y3 + o + 32), sh);
            }
            var sums = KDot.Sum4(a0, a1, a2, a3);
            var ms = KDot.MinsSum4(x, xStride, m);
            s0 += DotQ4_K.Finish(w, x, sums.GetElement(0), ms.GetElement(0));
            s1 += DotQ4_K.Finish(w, x + xStride, sums.GetElement(1), ms.GetElement(1));
            s2 += DotQ4_K.Finish(w, x + 2 * xStride, sums.GetElement(2), ms.GetElement(2));
            s3 += DotQ4_K.Finish(w, x + 3 * xStride, sums.GetElement(3), ms.GetElement(3));
        }
        y[0] = s0; y[yStride] = s1; y[2 * yStride] = s2; y[3 * yStride] = s3;
    }

    public static void Q6_K(byte* w, byte* x, long xStride, int n, float* y, long yStride)
    {
        if (AvxVnni.IsSupported) Q6_KPath<VnniDot>(w, x, xStride, n, y, yStride);
        else if (Avx2.IsSupported) Q6_KPath<MaddubsDot>(w, x, xStride, n, y, yStride);
        else Each(&DotQ6_K.Dot, w, x, xStride, n, y, yStride);
    }

    public static void Q6_KPath<TDot>(byte* w, byte* x, long xStride, int n, float* y, long yStride) where TDot : struct, IByteDot
    {
        float s0 = 0, s1 = 0, s2 = 0, s3 = 0;
        for (int b = 0; b < n / Q6_KBlock.Elements; b++, w += Q6_KBlock.Bytes, x += Q8_KBlock.Bytes)
        {
            var sc = Vector128.Load((sbyte*)(w + Q6_KBlock.ScalesOffset));
            sbyte* y0 = (sbyte*)(x + Q8_KBlock.QsOffset), y1 = y0 + xStride, y2 = y1 + xStride, y3 = y2 + xStride;
            var (g0, g1, g2, g3) = DotQ6_K.Unpack(w, 0);
            var k0 = KDot.ScalePair(sc, 0, 1); var k1 = KDot.ScalePair(sc, 2, 3);
            var k2 = KDot.ScalePair(sc, 4, 5); var k3 = KDot.ScalePair(sc, 6, 7);
            var a0 = Group<TDot>(-DotQ6_K.OffsetLanes(sc, x), g0, g1, g2, g3, y0, k0, k1, k2, k3);
            var a1 = Group<TDot>(-DotQ6_K.OffsetLanes(sc, x + xStride), g0, g1, g2, g3, y1, k0, k1, k2, k3);
            var a2 = Group<TDot>(-DotQ6_K.OffsetLanes(sc, x + 2 * xStride), g0, g1, g2, g3, y2, k0, k1, k2, k3);
            var a3 = Group<TDot>(-DotQ6_K.OffsetLanes(sc, x + 3 * xStride), g0, g1, g2, g3, y3, k0, k1, k2, k3);
            (g0, g1, g2, g3) = DotQ6_K.Unpack(w, 1);
            k0 = KDot.ScalePair(sc, 8, 9); k1 = KDot.ScalePair(sc, 10, 11);
            k2 = KDot.ScalePair(sc, 12, 13); k3 = KDot.ScalePair(sc, 14, 15);
            a0 = Group<TDot>(a0, g0, g1, g2, g3, y0 + 128, k0, k1, k2, k3);
            a1 = Group<TDot>(a1, g0, g1, g2, g3, y1 + 128, k0, k1, k2, k3);
            a2 = Group<TDot>(a2, g0, g1, g2, g3, y2 + 128, k0, k1, k2, k3);
            a3 = Group<TDot>(a3, g0, g1, g2, g3, y3 + 128, k0, k1, k2, k3);
            var sums = KDot.Sum4(a0, a1, a2, a3);
            float d = KDot.Half(w + Q6_KBlock.DOffset);
            s0 += d * *(float*)x * sums.GetElement(0);
            s1 += d * *(float*)(x + xStride) * sums.GetElement(1);
            s2 += d * *(float*)(x + 2 * xStride) * sums.GetElement(2);
            s3 += d * *(float*)(x + 3 * xStride) * sums.GetElement(3);
        }
        y[0] = s0; y[yStride] = s1; y[2 * yStride] = s2; y[3 * yStride] = s3;
    }

    /// <summary>acc plus one half-block (128 values) of a Q6_K row against one token: 8 int32 partial sums.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    static Vector256<int> Group<TDot>(Vector256<int> acc, Vector256<byte> g0, Vector256<byte> g1, Vector256<byte> g2, Vector256<byte> g3, sbyte* y,
        Vector256<short> k0, Vector256<short> k1, Vector256<short> k2, Vector256<short> k3) where TDot : struct, IByteDot =>
        TDot.MulAdd(TDot.MulAdd(TDot.MulAdd(TDot.MulAdd(acc, g0, Vector256.Load(y), k0), g1, Vector256.Load(y + 32), k1),
            g2, Vector256.Load(y + 64), k2), g3, Vector256.Load(y + 96), k3);

    /// <summary>Without Avx2: the single dot per token (the reference these kernels must equal).</summary>
    public static void Each(delegate*<byte*, byte*, int, float> dot, byte* w, byte* x, long xStride, int n, float* y, long yStride)
    {
        for (int k = 0; k < Tokens; k++) y[k * yStride] = dot(w, x + k * xStride, n);
    }
}
