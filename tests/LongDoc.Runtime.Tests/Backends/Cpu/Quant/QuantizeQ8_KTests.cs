using LongDoc.Runtime.Backends.Cpu.Quant;
using LongDoc.Runtime.Weights;

namespace LongDoc.Runtime.Tests.Backends.Cpu.Quant;

public sealed unsafe class QuantizeQ8_KTests
{
    [Fact]
    public void VectorPath_EqualsScalarReference_ByteForByte()
    {
        const int n = 16 * 256;
        var x = QuantData.Activations(n, 21);
        x[512 + 3] = 100f; x[512 + 9] = -100f; // a tie of magnitudes: the first one sets the sign of d
        Array.Clear(x, 1024, 256);                                // an all-zero block
        var a = new byte[GgmlTypeInfo.RowBytes(GgmlType.Q8_K, n)];
        var b = new byte[a.Length];
        Array.Fill(b, (byte)0x5A);
        fixed (float* px = x) fixed (byte* pa = a) fixed (byte* pb = b)
        {
            QuantizeQ8_K.Scalar(px, pa, n);
            QuantizeQ8_K.Vector256Path(px, pb, n);
        }
        Assert.Equal(a, b);
        Assert.Equal(100f / -127f, BitConverter.ToSingle(a, 2 * 292));
    }
}
