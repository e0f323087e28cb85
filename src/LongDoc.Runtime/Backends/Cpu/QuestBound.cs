using System.Runtime.Intrinsics;

namespace LongDoc.Runtime.Backends.Cpu;

/// <summary>
/// The Quest upper bound of q . k over the keys k of a block (arXiv 2406.10774): sum_i max(q_i kmax_i, q_i kmin_i),
/// from the block's per-channel min and max keys. No key of the block can score above it.
/// </summary>
internal static unsafe class QuestBound
{
    public static float Compute(float* q, float* min, float* max, int n)
    {
        if (Vector512.IsHardwareAccelerated) return Vector512Path(q, min, max, n);
        if (Vector256.IsHardwareAccelerated) return Vector256Path(q, min, max, n);
        if (Vector128.IsHardwareAccelerated) return Vector128Path(q, min, max, n);
        return Scalar(q, min, max, n);
    }

    /// <summary>The reference: what every SIMD path must equal to float tolerance.</summary>
    public static float Scalar(float* q, float* min, float* max, int n) => Tail(q, min, max, 0, n);

    public static float Vector512Path(float* q, float* min, float* max, int n)
    {
        var acc = Vector512<float>.Zero;
        int i = 0;
        for (; i + 16 <= n; i += 16)
        {
            var qi = Vector512.Load(q + i);
            acc += Vector512.Max(qi * Vector512.Load(max + i), qi * Vector512.Load(min + i));
        }
        return Vector512.Sum(acc) + Tail(q, min, max, i, n);
    }

    public static float Vector256Path(float* q, float* min, float* max, int n)
    {
        var acc = Vector256<float>.Zero;
        int i = 0;
        for (; i + 8 <= n; i += 8)
        {
            var qi = Vector256.Load(q + i);
            acc += Vector256.Max(qi * Vector256.Load(max + i), qi * Vector256.Load(min + i));
        }
        return Vector256.Sum(acc) + Tail(q, min, max, i, n);
    }

    public static float Vector128Path(float* q, float* min, float* max, int n)
    {
        var acc = Vector128<float>.Zero;
        int i = 0;
        for (; i + 4 <= n; i += 4)
        {
            var qi = Vector128.Load(q + i);
            acc += Vector128.Max(qi * Vector128.Load(max + i), qi * Vector128.Load(min + i));
        }
        return Vector128.Sum(acc) + Tail(q, min, max, i, n);
    }

    static float Tail(float* q, float* min, float* max, int i, int n)
    {
        float s = 0;
        for (; i < n; i++) s += MathF.Max(q[i] * max[i], q[i] * min[i]);
        return s;
    }
}
