using LongDoc.Runtime.Backends.Cpu;

namespace LongDoc.Runtime.Tests.Backends.Cpu;

public unsafe class DotF32Tests
{
    delegate float Kernel(float* a, float* b, int n);

    static void Check(Kernel simd, string name)
    {
        var rng = new Random(11);
        for (int n = 0; n <= KernelData.MaxLength; n++)
        {
            var a = KernelData.Floats(rng, n);
            var b = KernelData.Floats(rng, n);
            fixed (float* pa = a)
            fixed (float* pb = b)
            {
                float mag = 0;
                for (int i = 0; i < n; i++) mag += MathF.Abs(a[i] * b[i]);
                KernelData.Close(DotF32.Scalar(pa, pb, n), simd(pa, pb, n), mag, $"{name} n={n}");
            }
        }
    }

    [Fact]
    public void Vector512Path_Lengths0To300_EqualsScalar()
    {
        if (KernelData.Has512) Check(DotF32.Vector512Path, "v512");
    }

    [Fact]
    public void Vector256Path_Lengths0To300_EqualsScalar()
    {
        if (KernelData.Has256) Check(DotF32.Vector256Path, "v256");
    }

    [Fact]
    public void Vector128Path_Lengths0To300_EqualsScalar()
    {
        if (KernelData.Has128) Check(DotF32.Vector128Path, "v128");
    }

    [Fact]
    public void Scalar_KnownVectors_GivesExactSum()
    {
        float[] a = [1, 2, 3], b = [4, -5, 6];
        fixed (float* pa = a)
        fixed (float* pb = b)
            Assert.Equal(12f, DotF32.Scalar(pa, pb, 3));
    }
}
