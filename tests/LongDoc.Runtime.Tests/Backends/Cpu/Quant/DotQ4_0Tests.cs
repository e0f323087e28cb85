using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;
using LongDoc.Runtime.Backends.Cpu.Quant;
using LongDoc.Runtime.Weights;
using LongDoc.Runtime.Weights.Quantization;

namespace LongDoc.Runtime.Tests.Backends.Cpu.Quant;

public sealed unsafe class DotQ4_0Tests
{
    /// <summary>Q8_0 activations in the CPU backend's split form: qs (n) and f32 d (n / 32).</summary>
    static (sbyte[] Qs, float[] D, float[] Values) Activations(int n, int seed)
    {
        var x = QuantData.Activations(n, seed);
        var blocks = new byte[GgmlTypeInfo.RowBytes(GgmlType.Q8_0, n)];
        Q8_0Block.QuantizeRow(x, blocks);
        var qs = new sbyte[n];
        var d = new float[n / 32];
        for (int b = 0; b < n / 32; b++)
        {
            d[b] = HalfConvert.HalfToSingle(BitConverter.ToUInt16(blocks, b * 34));
            for (int i = 0; i < 32; i++) qs[b * 32 + i] = (sbyte)blocks[b * 34 + 2 + i];
        }
        var values = new float[n];
        Q8_0Block.DequantizeRow(blocks, values);
        return (qs, d, values);
    }

    [Fact]
    public void SimdPaths_EqualScalar_ForManyLengths()
    {
        for (int blocks = 1; blocks <= 40; blocks += 3)
        {
            int n = blocks * 32;
            var (w, _) = QuantData.Weights(GgmlType.Q4_0, n, blocks);
            var (qs, d, _) = Activations(n, 50 + blocks);
            fixed (byte* pw = w) fixed (sbyte* pq = qs) fixed (float* pd = d)
            {
                float expected = DotQ4_0.Scalar(pw, pq, pd, n);
                if (Avx2.IsSupported) Assert.Equal(expected, DotQ4_0.Avx2Path<MaddubsDot>(pw, pq, pd, n));
                if (Vector256.IsHardwareAccelerated) Assert.Equal(expected, DotQ4_0.Vector256Path(pw, pq, pd, n));
                Assert.Equal(expected, DotQ4_0.Dot(pw, pq, pd, n));
            }
        }
    }

    [Fact]
    public void Dot_EqualsF32DotOfDequantizedOperands()
    {
        const int n = 1024;
        var (w, wv) = QuantData.Weights(GgmlType.Q4_0, n, 5);
        var (qs, d, xv) = Activations(n, 6);
        double reference = QuantData.Dot(wv, xv), magnitude = wv.Zip(xv, (a, b) => Math.Abs((double)a * b)).Sum();
        fixed (byte* pw = w) fixed (sbyte* pq = qs) fixed (float* pd = d)
            Assert.True(Math.Abs(DotQ4_0.Dot(pw, pq, pd, n) - reference) <= 1e-5 * magnitude);
    }
}
