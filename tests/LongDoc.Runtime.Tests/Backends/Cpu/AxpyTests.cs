using LongDoc.Runtime.Backends.Cpu;

namespace LongDoc.Runtime.Tests.Backends.Cpu;

public unsafe class AxpyTests
{
    [Fact]
    public void F16_Lengths0To300_EqualsScalar()
    {
        var rng = new Random(16);
        for (int n = 0; n <= KernelData.MaxLength; n++)
        {
            var x = KernelData.Halves(rng, n);
            var y0 = KernelData.Floats(rng, n);
            var fast = (float[])y0.Clone();
            var scalar = (float[])y0.Clone();
            fixed (ushort* px = x)
            fixed (float* pf = fast)
            fixed (float* ps = scalar)
            {
                Axpy.F16(0.37f, px, pf, n);
                Axpy.F16Scalar(0.37f, px, ps, n);
            }
            for (int i = 0; i < n; i++) KernelData.Close(scalar[i], fast[i], 2f, $"n={n} i={i}");
        }
    }
}
