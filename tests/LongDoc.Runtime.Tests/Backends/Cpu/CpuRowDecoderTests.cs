using LongDoc.Runtime.Backends.Cpu;
using LongDoc.Runtime.Weights;

namespace LongDoc.Runtime.Tests.Backends.Cpu;

public unsafe class CpuRowDecoderTests
{
    [Fact]
    public void F16_Lengths0To300_EqualsScalar()
    {
        var rng = new Random(17);
        for (int n = 0; n <= KernelData.MaxLength; n++)
        {
            var h = KernelData.Halves(rng, n);
            var fast = new float[n];
            var scalar = new float[n];
            fixed (ushort* ph = h)
            fixed (float* pf = fast)
            fixed (float* ps = scalar)
            {
                CpuRowDecoder.F16((byte*)ph, pf, n);
                CpuRowDecoder.F16Scalar(ph, ps, n);
            }
            Assert.Equal(scalar, fast);
        }
    }

    [Fact]
    public void Q8_0_OneBlock_MultipliesByScale()
    {
        var block = new byte[34];
        BitConverter.TryWriteBytes(block, BitConverter.HalfToUInt16Bits((Half)0.5f));
        block[2] = unchecked((byte)-4);
        block[3] = 6;
        var dst = new float[32];
        fixed (byte* pb = block)
        fixed (float* pd = dst)
            CpuRowDecoder.For(GgmlType.Q8_0)(pb, pd, 32);
        Assert.Equal([-2f, 3f, 0f], dst[..3]);
    }

    [Fact]
    public void For_UnsupportedType_ThrowsNamingTheType()
    {
        var e = Assert.Throws<NotSupportedException>(() => (object)(CpuRowDecoder.For(GgmlType.Q8_K) == null));
        Assert.Contains("Q8_K", e.Message);
    }
}
