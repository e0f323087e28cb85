using System.Numerics.Tensors;
using System.Runtime.Intrinsics;

namespace LongDoc.Runtime.Backends.Cpu;

/// <summary>y (n) += a * x (n), x in f32 or f16: the attention's weighted sum of cached values.</summary>
internal static unsafe class Axpy
{
    public static void F32(float a, float* x, float* y, int n)
    {
        var ys = new Span<float>(y, n);
        TensorPrimitives.MultiplyAdd(new ReadOnlySpan<float>(x, n), a, ys, ys);
    }

    public static void F16(float a, ushort* x, float* y, int n)
    {
        int i = 0;
        if (Vector512.IsHardwareAccelerated)
        {
            var va = Vector512.Create(a);
            for (; i + 16 <= n; i += 16)
                Vector512.FusedMultiplyAdd(HalfBits.F16x16(x + i), va, Vector512.Load(y + i)).Store(y + i);
        }
        else if (Vector256.IsHardwareAccelerated)
        {
            var va = Vector256.Create(a);
            for (; i + 8 <= n; i += 8)
                Vector256.FusedMultiplyAdd(HalfBits.F16x8(x + i), va, Vector256.Load(y + i)).Store(y + i);
        }
        F16Scalar(a, x + i, y + i, n - i);
    }

    public static void F16Scalar(float a, ushort* x, float* y, int n)
    {
        var table = HalfBits.F16ToF32;
        for (int i = 0; i < n; i++) y[i] += a * table[x[i]];
    }
}
