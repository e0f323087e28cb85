using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;
using LongDoc.Runtime.Backends.Cpu;
using LongDoc.Runtime.Backends.Cpu.Quant;
using LongDoc.Runtime.Weights;
using LongDoc.Runtime.Weights.Quantization;

namespace LongDoc.Runtime.Tests.Backends.Cpu.Quant;

/// <summary>The 32-value block kernels (Q4_0, Q5_0, IQ4_NL with Q8_0 activations; Q4_1, Q5_1 with Q8_1) and the Q8_1 quantizer.</summary>
public sealed unsafe class DotBlock32Tests
{
    delegate float Kernel(byte* w, sbyte* xq, float* xd, int n);

    static readonly Dictionary<GgmlType, (Kernel Scalar, Kernel Avx2, Kernel V256, Kernel Dot)> Kernels = new()
    {
        [GgmlType.Q4_0] = (DotBlock32<Q4_0Kind>.Scalar, DotBlock32<Q4_0Kind>.Avx2Path<MaddubsDot>, DotBlock32<Q4_0Kind>.Vector256Path, DotBlock32<Q4_0Kind>.Dot),
        [GgmlType.Q5_0] = (DotBlock32<Q5_0Kind>.Scalar, DotBlock32<Q5_0Kind>.Avx2Path<MaddubsDot>, DotBlock32<Q5_0Kind>.Vector256Path, DotBlock32<Q5_0Kind>.Dot),
        [GgmlType.IQ4_NL] = (DotBlock32<IQ4_NLKind>.Scalar, DotBlock32<IQ4_NLKind>.Avx2Path<MaddubsDot>, DotBlock32<IQ4_NLKind>.Vector256Path, DotBlock32<IQ4_NLKind>.Dot),
        [GgmlType.Q4_1] = (DotBlock32<Q4_1Kind>.Scalar, DotBlock32<Q4_1Kind>.Avx2Path<MaddubsDot>, DotBlock32<Q4_1Kind>.Vector256Path, DotBlock32<Q4_1Kind>.Dot),
        [GgmlType.Q5_1] = (DotBlock32<Q5_1Kind>.Scalar, DotBlock32<Q5_1Kind>.Avx2Path<MaddubsDot>, DotBlock32<Q5_1Kind>.Vector256Path, DotBlock32<Q5_1Kind>.Dot),
    };

    /// <summary>Activations in the split form the type's kernel takes: Q8_0 (d per block) or Q8_1 (d, s per block).</summary>
    static (sbyte[] Qs, float[] D) Activations(GgmlType type, float[] x)
    {
        bool q8_1 = QuantKernels.ActivationOf(type) == ActivationFormat.Q8_1;
        var qs = new sbyte[x.Length];
        var d = new float[x.Length / 32 * (q8_1 ? 2 : 1)];
        fixed (float* px = x) fixed (sbyte* pq = qs) fixed (float* pd = d)
        {
            if (q8_1) QuantizeQ8_1.Quantize(px, pq, pd, x.Length);
            else LongDoc.Runtime.Backends.Cpu.QuantizeQ8_0.Quantize(px, pq, pd, x.Length);
        }
        return (qs, d);
    }

    [Theory]
    [InlineData(GgmlType.Q4_0)]
    [InlineData(GgmlType.Q5_0)]
    [InlineData(GgmlType.IQ4_NL)]
    [InlineData(GgmlType.Q4_1)]
    [InlineData(GgmlType.Q5_1)]
    public void SimdPaths_EqualScalar_BitForBit(GgmlType type)
    {
        var k = Kernels[type];
        foreach (int blocks in new[] { 1, 2, 3, 7, 16, 44 })
        {
            int n = blocks * 32;
            var (w, _) = QuantData.Weights(type, n, seed: blocks);
            var (qs, d) = Activations(type, QuantData.Activations(n, seed: 100 + blocks));
            fixed (byte* pw = w) fixed (sbyte* pq = qs) fixed (float* pd = d)
            {
                float expected = k.Scalar(pw, pq, pd, n);
                if (Avx2.IsSupported) Assert.Equal(expected, k.Avx2(pw, pq, pd, n));
                if (Vector256.IsHardwareAccelerated) Assert.Equal(expected, k.V256(pw, pq, pd, n));
                Assert.Equal(expected, k.Dot(pw, pq, pd, n));
            }
        }
    }

    [Theory]
    [InlineData(GgmlType.Q5_0)]
    [InlineData(GgmlType.IQ4_NL)]
    [InlineData(GgmlType.Q4_1)]
    [InlineData(GgmlType.Q5_1)]
    public void Dot4_EachTokenEqualsTheScalarDot_BitForBit(GgmlType type)
    {
        Assert.True(QuantDots.TryGet(type, out var kernel) && kernel.Dot4 != 0);
        foreach (int blocks in new[] { 1, 4, 7, 24, 342 })   // 4-block steps, tails, 768 and 10944 wide
        {
            int n = blocks * 32;
            var (w, _) = QuantData.Weights(type, n, seed: blocks);
            var (qs, d) = Activations(type, QuantData.Activations(4 * n, seed: 200 + blocks)); // 4 tokens back to back
            long scales = d.Length / 4;
            var y = new float[4 * 3];
            fixed (byte* pw = w) fixed (sbyte* pq = qs) fixed (float* pd = d) fixed (float* py = y)
            {
                ((delegate*<byte*, sbyte*, float*, int, float*, long, void>)kernel.Dot4)(pw, pq, pd, n, py, 3);
                for (int k = 0; k < 4; k++) Assert.Equal(Kernels[type].Scalar(pw, pq + k * n, pd + k * scales, n), y[3 * k]);
            }
        }
    }

    [Theory]
    [InlineData(GgmlType.Q4_0)]
    [InlineData(GgmlType.Q5_0)]
    [InlineData(GgmlType.IQ4_NL)]
    [InlineData(GgmlType.Q4_1)]
    [InlineData(GgmlType.Q5_1)]
    public void Dot_EqualsF32DotOfDequantizedOperands(GgmlType type)
    {
        // Integer sums are exact; the Q8_1 types add m * s per block, s = d * sum(q) rounded to f16 (relative 2^-11).
        const int n = 1024;
        var (w, wv) = QuantData.Weights(type, n, seed: 1);
        var (qs, d) = Activations(type, QuantData.Activations(n, seed: 2));
        int stride = d.Length / (n / 32);
        double reference = 0, magnitude = 0;
        for (int i = 0; i < n; i++)
        {
            double xv = qs[i] * (double)d[i / 32 * stride];
            reference += wv[i] * xv;
            magnitude += Math.Abs(wv[i] * xv);
        }
        fixed (byte* pw = w) fixed (sbyte* pq = qs) fixed (float* pd = d)
        {
            double error = Math.Abs(Kernels[type].Dot(pw, pq, pd, n) - reference);
            Assert.True(error <= 1e-3 * magnitude, $"{type}: error {error}, magnitude {magnitude}");
        }
    }

    [Theory]
    [InlineData(GgmlType.Q4_0, false)]
    [InlineData(GgmlType.Q5_0, false)]
    [InlineData(GgmlType.IQ4_NL, false)]
    [InlineData(GgmlType.Q4_1, true)]
    [InlineData(GgmlType.Q5_1, true)]
    public void ActivationOf_IsGgmlsVecDotType_Q8_1ForTypesWithAMin(GgmlType type, bool q8_1) =>
        Assert.Equal(q8_1 ? ActivationFormat.Q8_1 : ActivationFormat.Q8_0, QuantKernels.ActivationOf(type));

    [Fact]
    public void QuantizeQ8_1_StoresF16DAndSumTimesUnroundedD_RoundingHalfToEven()
    {
        var x = new float[32];
        x[0] = 127f; x[1] = -2.5f; x[2] = 1.5f; x[3] = 0.5f; x[4] = 3.3f;
        var qs = new sbyte[32];
        var ds = new float[2];
        fixed (float* px = x) fixed (sbyte* pq = qs) fixed (float* pd = ds) QuantizeQ8_1.Quantize(px, pq, pd, 32);
        Assert.Equal(new sbyte[] { 127, -2, 2, 0, 3 }, qs[..5]);   // d = 1: -2.5 -> -2, 1.5 -> 2, 0.5 -> 0 (ties to even)
        Assert.Equal(1f, ds[0]);
        Assert.Equal(130f, ds[1]);                                // s = 1 * (127 - 2 + 2 + 0 + 3)
    }
}
