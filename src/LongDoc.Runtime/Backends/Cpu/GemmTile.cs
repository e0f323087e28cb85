using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace LongDoc.Runtime.Backends.Cpu;

/// <summary>
/// Prefill micro-kernel: a 4 x 4 tile of outputs, y[t, r] = dot(w_r, x_t) for 4 weight rows and 4 tokens, with
/// 16 accumulators in registers. Each step loads 4 weight and 4 activation vectors for 16 FMAs, where a plain dot
/// loads 2 per FMA: prefill is compute-bound and this is what lifts it toward the FMA peak.
/// w rows (4, k) stride wStride; x (4, k) stride xStride; y[t * yStride + r].
/// </summary>
internal static unsafe class GemmTile
{
    public const int Rows = 4;
    public const int Tokens = 4;

    public static void Tile(float* w, long wStride, float* x, long xStride, int k, float* y, long yStride)
    {
        if (Vector512.IsHardwareAccelerated) Vector512Path(w, wStride, x, xStride, k, y, yStride);
        else Scalar(w, wStride, x, xStride, k, y, yStride);
    }

    /// <summary>The reference: one dot per output.</summary>
    public static void Scalar(float* w, long wStride, float* x, long xStride, int k, float* y, long yStride)
    {
        for (int t = 0; t < Tokens; t++)
            for (int r = 0; r < Rows; r++)
                y[t * yStride + r] = DotF32.Scalar(w + r * wStride, x + t * xStride, k);
    }

    public static void Vector512Path(float* w, long wStride, float* x, long xStride, int k, float* y, long yStride)
    {
        float* w0 = w, w1 = w + wStride, w2 = w + 2 * wStride, w3 = w + 3 * wStride;
        float* x0 = x, x1 = x + xStride, x2 = x + 2 * xStride, x3 = x + 3 * xStride;
        Vector512<float> a00 = default, a01 = default, a02 = default, a03 = default;
        Vector512<float> a10 = default, a11 = default, a12 = default, a13 = default;
        Vector512<float> a20 = default, a21 = default, a22 = default, a23 = default;
        Vector512<float> a30 = default, a31 = default, a32 = default, a33 = default;
        int i = 0;
        for (; i + 16 <= k; i += 16)
        {
            var v0 = Vector512.Load(w0 + i); var v1 = Vector512.Load(w1 + i);
            var v2 = Vector512.Load(w2 + i); var v3 = Vector512.Load(w3 + i);
            var t = Vector512.Load(x0 + i);
            a00 = Vector512.FusedMultiplyAdd(v0, t, a00); a01 = Vector512.FusedMultiplyAdd(v1, t, a01);
            a02 = Vector512.FusedMultiplyAdd(v2, t, a02); a03 = Vector512.FusedMultiplyAdd(v3, t, a03);
            t = Vector512.Load(x1 + i);
            a10 = Vector512.FusedMultiplyAdd(v0, t, a10); a11 = Vector512.FusedMultiplyAdd(v1, t, a11);
            a12 = Vector512.FusedMultiplyAdd(v2, t, a12); a13 = Vector512.FusedMultiplyAdd(v3, t, a13);
            t = Vector512.Load(x2 + i);
            a20 = Vector512.FusedMultiplyAdd(v0, t, a20); a21 = Vector512.FusedMultiplyAdd(v1, t, a21);
            a22 = Vector512.FusedMultiplyAdd(v2, t, a22); a23 = Vector512.FusedMultiplyAdd(v3, t, a23);
            t = Vector512.Load(x3 + i);
            a30 = Vector512.FusedMultiplyAdd(v0, t, a30); a31 = Vector512.FusedMultiplyAdd(v1, t, a31);
            a32 = Vector512.FusedMultiplyAdd(v2, t, a32); a33 = Vector512.FusedMultiplyAdd(v3, t, a33);
        }
        Store(y, 0 * yStride, a00, a01, a02, a03, w, wStride, x0, i, k);
        Store(y, 1 * yStride, a10, a11, a12, a13, w, wStride, x1, i, k);
        Store(y, 2 * yStride, a20, a21, a22, a23, w, wStride, x2, i, k);
        Store(y, 3 * yStride, a30, a31, a32, a33, w, wStride, x3, i, k);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    static void Store(float* y, long offset, Vector512<float> r0, Vector512<float> r1, Vector512<float> r2, Vector512<float> r3,
        float* w, long wStride, float* x, int from, int k)
    {
        int n = k - from; // tail shorter than a vector
        y[offset + 0] = Vector512.Sum(r0) + DotF32.Scalar(w + from, x + from, n);
        y[offset + 1] = Vector512.Sum(r1) + DotF32.Scalar(w + wStride + from, x + from, n);
        y[offset + 2] = Vector512.Sum(r2) + DotF32.Scalar(w + 2 * wStride + from, x + from, n);
        y[offset + 3] = Vector512.Sum(r3) + DotF32.Scalar(w + 3 * wStride + from, x + from, n);
    }
}
