using System.Runtime.Intrinsics;

namespace LongDoc.Runtime.Backends.Cpu;

/// <summary>
/// Rounds f32 activations to the precision of f16 (drop 13 mantissa bits) or bf16 (drop 16), keeping them as
/// f32. llama.cpp converts the activations to the weight's vec_dot_type (F16 for F16 weights, BF16 for BF16)
/// before every matmul; doing the same keeps us at float-rounding distance from it instead of ~1e-3.
/// Round-half-even on the mantissa bits is exact for values in the f16 normal range; below it (|x| &lt; 6.1e-5)
/// f16 would keep fewer bits, an absolute difference under 3e-8 that we accept.
/// </summary>
internal static unsafe class ActivationRounding
{
    public const int F16Bits = 13;
    public const int Bf16Bits = 16;

    public static void Round(float* x, float* dst, int n, int dropBits)
    {
        int i = 0;
        if (Vector512.IsHardwareAccelerated)
        {
            var half = Vector512.Create((1u << (dropBits - 1)) - 1);
            var one = Vector512<uint>.One;
            var keep = Vector512.Create(~((1u << dropBits) - 1));
            for (; i + 16 <= n; i += 16)
            {
                var u = Vector512.Load((uint*)x + i);
                var r = (u + half + (Vector512.ShiftRightLogical(u, dropBits) & one)) & keep;
                r.Store((uint*)dst + i);
            }
        }
        Scalar(x + i, dst + i, n - i, dropBits);
    }

    public static void Scalar(float* x, float* dst, int n, int dropBits)
    {
        uint half = (1u << (dropBits - 1)) - 1, keep = ~((1u << dropBits) - 1);
        for (int i = 0; i < n; i++)
        {
            uint u = ((uint*)x)[i];
            ((uint*)dst)[i] = (u + half + ((u >> dropBits) & 1)) & keep;
        }
    }
}
