using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace LongDoc.Runtime.Tests.Backends.Cpu;

/// <summary>Seeded inputs and the SIMD widths this machine can run, for kernel-vs-scalar tests.</summary>
internal static class KernelData
{
    public const int MaxLength = 300;

    public static float[] Floats(Random rng, int n, float scale = 1f)
    {
        var x = new float[n];
        for (int i = 0; i < n; i++) x[i] = (float)(rng.NextDouble() * 2 - 1) * scale;
        return x;
    }

    public static ushort[] Halves(Random rng, int n) =>
        [.. Floats(rng, n).Select(f => BitConverter.HalfToUInt16Bits((Half)f))];

    public static ushort[] BFloats(Random rng, int n) =>
        [.. Floats(rng, n).Select(f => (ushort)(BitConverter.SingleToUInt32Bits(f) >> 16))];

    /// <summary>Widths to test: a path is only run where its instructions exist.</summary>
    public static bool Has512 => Vector512.IsHardwareAccelerated;
    public static bool Has256 => Vector256.IsHardwareAccelerated;
    public static bool Has128 => Vector128.IsHardwareAccelerated;
    public static bool HasAvx512BW => Avx512BW.IsSupported;
    public static bool HasAvx2 => Avx2.IsSupported;

    /// <summary>Summation-order tolerance: a few ulps of the sum of |terms|.</summary>
    public static void Close(float expected, float actual, float magnitude, string what)
    {
        float tol = 1e-5f * magnitude + 1e-6f;
        Assert.True(MathF.Abs(expected - actual) <= tol, $"{what}: expected {expected}, got {actual} (tolerance {tol})");
    }
}
