using LongDoc.Runtime.Backends.Cpu;

namespace LongDoc.Runtime.Tests.Backends.Cpu;

public unsafe class ActivationRoundingTests
{
    [Fact]
    public void Round_F16Bits_EqualsHalfRoundTripInNormalRange()
    {
        var rng = new Random(14);
        for (int n = 0; n <= KernelData.MaxLength; n++)
        {
            var x = KernelData.Floats(rng, n, 100f);
            var fast = new float[n];
            fixed (float* px = x)
            fixed (float* pf = fast)
                ActivationRounding.Round(px, pf, n, ActivationRounding.F16Bits);
            for (int i = 0; i < n; i++)
                if (MathF.Abs(x[i]) >= 6.2e-5f) Assert.Equal((float)(Half)x[i], fast[i]);
        }
    }

    [Fact]
    public void Round_Bf16Bits_EqualsToBf16()
    {
        var rng = new Random(15);
        var x = KernelData.Floats(rng, KernelData.MaxLength, 1e3f);
        var fast = new float[x.Length];
        var scalar = new float[x.Length];
        fixed (float* px = x)
        fixed (float* pf = fast)
        fixed (float* ps = scalar)
        {
            ActivationRounding.Round(px, pf, x.Length, ActivationRounding.Bf16Bits);
            ActivationRounding.Scalar(px, ps, x.Length, ActivationRounding.Bf16Bits);
        }
        for (int i = 0; i < x.Length; i++)
        {
            Assert.Equal(HalfBits.Bf16(HalfBits.ToBf16(x[i])), fast[i]);
            Assert.Equal(scalar[i], fast[i]);
        }
    }
}
