using System.Runtime.Intrinsics;

namespace LongDoc.Runtime.Backends.Cpu;

/// <summary>Dot product of a bf16 weight row w (n) with f32 activations x (n); bf16 -> f32 is a 16-bit shift.</summary>
internal static unsafe class DotBF16
{
    public static float Dot(ushort* w, float* x, int n)
    {
        if (Vector512.IsHardwareAccelerated) return Vector512Path(w, x, n);
        if (Vector256.IsHardwareAccelerated) return Vector256Path(w, x, n);
        if (Vector128.IsHardwareAccelerated) return Vector128Path(w, x, n);
        return Scalar(w, x, n);
    }

    public static float Scalar(ushort* w, float* x, int n)
    {
        float s = 0;
        for (int i = 0; i < n; i++) s += HalfBits.Bf16(w[i]) * x[i];
        return s;
    }

    public static float Vector512Path(ushort* w, float* x, int n)
    {
        var acc0 = Vector512<float>.Zero;
        var acc1 = Vector512<float>.Zero;
        int i = 0;
        for (; i + 32 <= n; i += 32)
        {
            acc0 = Vector512.FusedMultiplyAdd(HalfBits.Bf16x16(w + i), Vector512.Load(x + i), acc0);
            acc1 = Vector512.FusedMultiplyAdd(HalfBits.Bf16x16(w + i + 16), Vector512.Load(x + i + 16), acc1);
        }
        if (i + 16 <= n)
        {
            acc0 = Vector512.FusedMultiplyAdd(HalfBits.Bf16x16(w + i), Vector512.Load(x + i), acc0);
            i += 16;
        }
        return Vector512.Sum(acc0 + acc1) + Scalar(w + i, x + i, n - i);
    }

    public static float Vector256Path(ushort* w, float* x, int n)
    {
        var acc = Vector256<float>.Zero;
        int i = 0;
        for (; i + 8 <= n; i += 8)
            acc = Vector256.FusedMultiplyAdd(HalfBits.Bf16x8(w + i), Vector256.Load(x + i), acc);
        return Vector256.Sum(acc) + Scalar(w + i, x + i, n - i);
    }

    public static float Vector128Path(ushort* w, float* x, int n)
    {
        var acc = Vector128<float>.Zero;
        int i = 0;
        for (; i + 4 <= n; i += 4)
            acc = Vector128.FusedMultiplyAdd(HalfBits.Bf16x4(w + i), Vector128.Load(x + i), acc);
        return Vector128.Sum(acc) + Scalar(w + i, x + i, n - i);
    }
}
