using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace LongDoc.Runtime.Backends.Cpu;

/// <summary>
/// Dot product of two f32 vectors of length n: the kernel behind F32 weights, attention scores and the
/// prefill path (weight rows decoded to f32 once, then dotted against every token of the batch).
/// Two accumulators per width hide the FMA latency.
/// </summary>
internal static unsafe class DotF32
{
    public static float Dot(float* a, float* b, int n)
    {
        if (Vector512.IsHardwareAccelerated) return Vector512Path(a, b, n);
        if (Vector256.IsHardwareAccelerated) return Vector256Path(a, b, n);
        if (Vector128.IsHardwareAccelerated) return Vector128Path(a, b, n);
        return Scalar(a, b, n);
    }

    /// <summary>The reference: what every SIMD path must equal to float tolerance.</summary>
    public static float Scalar(float* a, float* b, int n)
    {
        float s = 0;
        for (int i = 0; i < n; i++) s += a[i] * b[i];
        return s;
    }

    public static float Vector512Path(float* a, float* b, int n)
    {
        var acc0 = Vector512<float>.Zero;
        var acc1 = Vector512<float>.Zero;
        int i = 0;
        for (; i + 32 <= n; i += 32)
        {
            acc0 = Vector512.FusedMultiplyAdd(Vector512.Load(a + i), Vector512.Load(b + i), acc0);
            acc1 = Vector512.FusedMultiplyAdd(Vector512.Load(a + i + 16), Vector512.Load(b + i + 16), acc1);
        }
        if (i + 16 <= n)
        {
            acc0 = Vector512.FusedMultiplyAdd(Vector512.Load(a + i), Vector512.Load(b + i), acc0);
            i += 16;
        }
        return Vector512.Sum(acc0 + acc1) + Tail(a, b, i, n);
    }

    public static float Vector256Path(float* a, float* b, int n)
    {
        var acc0 = Vector256<float>.Zero;
        var acc1 = Vector256<float>.Zero;
        int i = 0;
        for (; i + 16 <= n; i += 16)
        {
            acc0 = Vector256.FusedMultiplyAdd(Vector256.Load(a + i), Vector256.Load(b + i), acc0);
            acc1 = Vector256.FusedMultiplyAdd(Vector256.Load(a + i + 8), Vector256.Load(b + i + 8), acc1);
        }
        if (i + 8 <= n)
        {
            acc0 = Vector256.FusedMultiplyAdd(Vector256.Load(a + i), Vector256.Load(b + i), acc0);
            i += 8;
        }
        return Vector256.Sum(acc0 + acc1) + Tail(a, b, i, n);
    }

    public static float Vector128Path(float* a, float* b, int n)
    {
        var acc0 = Vector128<float>.Zero;
        var acc1 = Vector128<float>.Zero;
        int i = 0;
        for (; i + 8 <= n; i += 8)
        {
            acc0 = Vector128.FusedMultiplyAdd(Vector128.Load(a + i), Vector128.Load(b + i), acc0);
            acc1 = Vector128.FusedMultiplyAdd(Vector128.Load(a + i + 4), Vector128.Load(b + i + 4), acc1);
        }
        if (i + 4 <= n)
        {
            acc0 = Vector128.FusedMultiplyAdd(Vector128.Load(a + i), Vector128.Load(b + i), acc0);
            i += 4;
        }
        return Vector128.Sum(acc0 + acc1) + Tail(a, b, i, n);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    static float Tail(float* a, float* b, int i, int n)
    {
        float s = 0;
        for (; i < n; i++) s += a[i] * b[i];
        return s;
    }
}
