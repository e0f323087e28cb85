using LongDoc.Runtime.Backends.Cpu;

namespace LongDoc.Runtime.Tests.Backends.Cpu;

public unsafe class DotF16Tests
{
    delegate float Kernel(ushort* w, float* x, int n);

    static void Check(Kernel f16, Kernel bf16, string name)
    {
        var rng = new Random(12);
        for (int n = 0; n <= KernelData.MaxLength; n++)
        {
            var h = KernelData.Halves(rng, n);
            var b = KernelData.BFloats(rng, n);
            var x = KernelData.Floats(rng, n);
            fixed (ushort* ph = h)
            fixed (ushort* pb = b)
            fixed (float* px = x)
            {
                float mag = 0;
                for (int i = 0; i < n; i++) mag += MathF.Abs(x[i]);
                KernelData.Close(DotHalf<F16Format>.Scalar(ph, px, n), f16(ph, px, n), mag, $"f16 {name} n={n}");
                KernelData.Close(DotHalf<Bf16Format>.Scalar(pb, px, n), bf16(pb, px, n), mag, $"bf16 {name} n={n}");
            }
        }
    }

    [Fact]
    public void Vector512Paths_Lengths0To300_EqualScalar()
    {
        if (KernelData.Has512) Check(DotHalf<F16Format>.Vector512Path, DotHalf<Bf16Format>.Vector512Path, "v512");
    }

    [Fact]
    public void Vector256Paths_Lengths0To300_EqualScalar()
    {
        if (KernelData.Has256) Check(DotHalf<F16Format>.Vector256Path, DotHalf<Bf16Format>.Vector256Path, "v256");
    }

    [Fact]
    public void Vector128Paths_Lengths0To300_EqualScalar()
    {
        if (KernelData.Has128) Check(DotHalf<F16Format>.Vector128Path, DotHalf<Bf16Format>.Vector128Path, "v128");
    }

    [Fact]
    public void Scalar_HalfWeights_EqualsDotOfConvertedValues()
    {
        var rng = new Random(3);
        var h = KernelData.Halves(rng, 77);
        var x = KernelData.Floats(rng, 77);
        double expect = 0;
        for (int i = 0; i < 77; i++) expect += (double)(float)BitConverter.UInt16BitsToHalf(h[i]) * x[i];
        fixed (ushort* ph = h)
        fixed (float* px = x)
            Assert.Equal(expect, DotHalf<F16Format>.Scalar(ph, px, 77), 4);
    }
}
