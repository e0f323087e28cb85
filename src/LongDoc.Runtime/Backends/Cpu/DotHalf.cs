using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace LongDoc.Runtime.Backends.Cpu;

/// <summary>A 16-bit float format: how one value and 4, 8 or 16 packed values widen to f32.</summary>
internal unsafe interface IHalfFormat
{
    static abstract float One(ushort w);
    static abstract Vector128<float> Widen4(ushort* p);
    static abstract Vector256<float> Widen8(ushort* p);
    static abstract Vector512<float> Widen16(ushort* p);
}

/// <summary>IEEE binary16 (GGUF F16).</summary>
internal readonly unsafe struct F16Format : IHalfFormat
{
    public static float One(ushort w) => HalfBits.F16ToF32[w];
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector128<float> Widen4(ushort* p) => HalfBits.F16x4(p);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector256<float> Widen8(ushort* p) => HalfBits.F16x8(p);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector512<float> Widen16(ushort* p) => HalfBits.F16x16(p);
}

/// <summary>bfloat16 (GGUF BF16): the top half of an f32.</summary>
internal readonly unsafe struct Bf16Format : IHalfFormat
{
    public static float One(ushort w) => HalfBits.Bf16(w);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector128<float> Widen4(ushort* p) => HalfBits.Bf16x4(p);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector256<float> Widen8(ushort* p) => HalfBits.Bf16x8(p);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector512<float> Widen16(ushort* p) => HalfBits.Bf16x16(p);
}

/// <summary>
/// Dot product of a 16-bit weight row w (n) with f32 activations x (n), widening w on the fly (decode path: each
/// weight byte is read once per token, so the conversion must keep up with memory bandwidth). Two accumulators
/// per width hide the FMA latency. The scalar path is the reference.
/// </summary>
internal static unsafe class DotHalf<TFormat> where TFormat : IHalfFormat
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
        for (int i = 0; i < n; i++) s += TFormat.One(w[i]) * x[i];
        return s;
    }

    public static float Vector512Path(ushort* w, float* x, int n)
    {
        var acc0 = Vector512<float>.Zero;
        var acc1 = Vector512<float>.Zero;
        int i = 0;
        for (; i + 32 <= n; i += 32)
        {
            acc0 = Vector512.FusedMultiplyAdd(TFormat.Widen16(w + i), Vector512.Load(x + i), acc0);
            acc1 = Vector512.FusedMultiplyAdd(TFormat.Widen16(w + i + 16), Vector512.Load(x + i + 16), acc1);
        }
        if (i + 16 <= n)
        {
            acc0 = Vector512.FusedMultiplyAdd(TFormat.Widen16(w + i), Vector512.Load(x + i), acc0);
            i += 16;
        }
        return Vector512.Sum(acc0 + acc1) + Scalar(w + i, x + i, n - i);
    }

    public static float Vector256Path(ushort* w, float* x, int n)
    {
        var acc0 = Vector256<float>.Zero;
        var acc1 = Vector256<float>.Zero;
        int i = 0;
        for (; i + 16 <= n; i += 16)
        {
            acc0 = Vector256.FusedMultiplyAdd(TFormat.Widen8(w + i), Vector256.Load(x + i), acc0);
            acc1 = Vector256.FusedMultiplyAdd(TFormat.Widen8(w + i + 8), Vector256.Load(x + i + 8), acc1);
        }
        if (i + 8 <= n)
        {
            acc0 = Vector256.FusedMultiplyAdd(TFormat.Widen8(w + i), Vector256.Load(x + i), acc0);
            i += 8;
        }
        return Vector256.Sum(acc0 + acc1) + Scalar(w + i, x + i, n - i);
    }

    public static float Vector128Path(ushort* w, float* x, int n)
    {
        var acc = Vector128<float>.Zero;
        int i = 0;
        for (; i + 4 <= n; i += 4)
            acc = Vector128.FusedMultiplyAdd(TFormat.Widen4(w + i), Vector128.Load(x + i), acc);
        return Vector128.Sum(acc) + Scalar(w + i, x + i, n - i);
    }
}
