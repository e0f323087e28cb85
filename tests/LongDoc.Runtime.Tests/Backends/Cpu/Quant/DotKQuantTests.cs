using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;
using LongDoc.Runtime.Backends.Cpu;
using LongDoc.Runtime.Backends.Cpu.Quant;
using LongDoc.Runtime.Weights;
using LongDoc.Runtime.Weights.Quantization;

namespace LongDoc.Runtime.Tests.Backends.Cpu.Quant;

public sealed unsafe class DotKQuantTests
{
    delegate float Kernel(byte* w, byte* x, int n);

    static readonly Dictionary<GgmlType, (Kernel Scalar, Kernel Avx2, Kernel V256, Kernel Dot)> Kernels = new()
    {
        [GgmlType.Q4_K] = (DotQ4_K.Scalar, DotQ4_K.Avx2Path<MaddubsDot>, DotQ4_K.Vector256Path, DotQ4_K.Dot),
        [GgmlType.Q5_K] = (DotQ5_K.Scalar, DotQ5_K.Avx2Path<MaddubsDot>, DotQ5_K.Vector256Path, DotQ5_K.Dot),
        [GgmlType.Q6_K] = (DotQ6_K.Scalar, DotQ6_K.Avx2Path<MaddubsDot>, DotQ6_K.Vector256Path, DotQ6_K.Dot),
        [GgmlType.Q2_K] = (DotQ2_K.Scalar, DotQ2_K.Avx2Path<MaddubsDot>, DotQ2_K.Vector256Path, DotQ2_K.Dot),
        [GgmlType.Q3_K] = (DotQ3_K.Scalar, DotQ3_K.Avx2Path<MaddubsDot>, DotQ3_K.Vector256Path, DotQ3_K.Dot),
        [GgmlType.IQ4_XS] = (DotIQ4_XS.Scalar, DotIQ4_XS.Avx2Path<MaddubsDot>, DotIQ4_XS.Vector256Path, DotIQ4_XS.Dot),
        [GgmlType.IQ2_XXS] = (DotIQ<IQ2_XXSKind>.Scalar, DotIQ<IQ2_XXSKind>.Avx2Path<MaddubsDot>, DotIQ<IQ2_XXSKind>.Vector256Path, DotIQXXS<IQ2_XXSKind>.Dot),
        [GgmlType.IQ2_XS] = (DotIQ<IQ2_XSKind>.Scalar, DotIQ<IQ2_XSKind>.Avx2Path<MaddubsDot>, DotIQ<IQ2_XSKind>.Vector256Path, DotIQ<IQ2_XSKind>.Dot),
        [GgmlType.IQ2_S] = (DotIQ<IQ2_SKind>.Scalar, DotIQ<IQ2_SKind>.Avx2Path<MaddubsDot>, DotIQ<IQ2_SKind>.Vector256Path, DotIQ<IQ2_SKind>.Dot),
        [GgmlType.IQ3_XXS] = (DotIQ<IQ3_XXSKind>.Scalar, DotIQ<IQ3_XXSKind>.Avx2Path<MaddubsDot>, DotIQ<IQ3_XXSKind>.Vector256Path, DotIQXXS<IQ3_XXSKind>.Dot),
        [GgmlType.IQ3_S] = (DotIQ<IQ3_SKind>.Scalar, DotIQ<IQ3_SKind>.Avx2Path<MaddubsDot>, DotIQ<IQ3_SKind>.Vector256Path, DotIQ<IQ3_SKind>.Dot),
        [GgmlType.IQ1_S] = (DotIQ<IQ1_SKind>.Scalar, DotIQ<IQ1_SKind>.Avx2Path<MaddubsDot>, DotIQ<IQ1_SKind>.Vector256Path, DotIQ<IQ1_SKind>.Dot),
        [GgmlType.IQ1_M] = (DotIQ<IQ1_MKind>.Scalar, DotIQ<IQ1_MKind>.Avx2Path<MaddubsDot>, DotIQ<IQ1_MKind>.Vector256Path, DotIQ<IQ1_MKind>.Dot),
    };

    /// <summary>Every type in <see cref="Kernels"/>: the tests taking it run on all of them.</summary>
    public static TheoryData<GgmlType> KernelTypes() => [.. Kernels.Keys];

    static byte[] QuantizeActivations(float[] x)
    {
        var q = new byte[GgmlTypeInfo.RowBytes(GgmlType.Q8_K, x.Length)];
        fixed (float* px = x) fixed (byte* pq = q) QuantizeQ8_K.Scalar(px, pq, x.Length);
        return q;
    }

    [Theory]
    [MemberData(nameof(KernelTypes))]
    public void SimdPaths_EqualScalar_BitForBit(GgmlType type)
    {
        var k = Kernels[type];
        foreach (int blocks in new[] { 1, 2, 3, 5, 8, 13 })
        {
            int n = blocks * 256;
            var (w, _) = QuantData.Weights(type, n, seed: blocks);
            var x = QuantizeActivations(QuantData.Activations(n, seed: 100 + blocks));
            fixed (byte* pw = w) fixed (byte* px = x)
            {
                float expected = k.Scalar(pw, px, n);
                if (Avx2.IsSupported) Assert.Equal(expected, k.Avx2(pw, px, n));
                if (Vector256.IsHardwareAccelerated) Assert.Equal(expected, k.V256(pw, px, n));
                Assert.Equal(expected, k.Dot(pw, px, n));
            }
        }
    }

    [Theory]
    [MemberData(nameof(KernelTypes))]
    public void Dot_EqualsF32DotOfDequantizedOperands(GgmlType type)
    {
        // Integer sums are exact, so only f32 rounding separates the kernel from dot(deq(w), deq(x)).
        const int n = 8 * 256;
        var (w, wv) = QuantData.Weights(type, n, seed: 1);
        var x = QuantizeActivations(QuantData.Activations(n, seed: 2));
        var xv = new float[n];
        Q8_KBlock.DequantizeRow(x, xv);
        double reference = QuantData.Dot(wv, xv), magnitude = wv.Zip(xv, (a, b) => Math.Abs((double)a * b)).Sum();
        fixed (byte* pw = w) fixed (byte* px = x)
            Assert.True(Math.Abs(Kernels[type].Dot(pw, px, n) - reference) <= 1e-5 * magnitude, $"{type}");
    }

    [Theory]
    [MemberData(nameof(KernelTypes))]
    public void Dot_CloseToF32DotWithUnquantizedActivations_WithinActivationRounding(GgmlType type)
    {
        // Each activation moves by at most d_x / 2 (d_x = amax / 127 per 256), so |error| <= sum_i |w_i| d_x / 2.
        const int n = 8 * 256;
        var (w, wv) = QuantData.Weights(type, n, seed: 3);
        var a = QuantData.Activations(n, seed: 4);
        var x = QuantizeActivations(a);
        double bound = 0;
        for (int b = 0; b < n / 256; b++)
        {
            double dx = Math.Abs(BitConverter.ToSingle(x, b * Q8_KBlock.Bytes));
            for (int i = b * 256; i < b * 256 + 256; i++) bound += Math.Abs(wv[i]) * dx / 2;
        }
        fixed (byte* pw = w) fixed (byte* px = x)
        {
            double error = Math.Abs(Kernels[type].Dot(pw, px, n) - QuantData.Dot(wv, a));
            Assert.True(error <= bound * 1.01 + 1e-4, $"{type}: error {error} > bound {bound}");
        }
    }

    /// <summary>The Q8_K types with a 4-token prefill kernel in the matmul table.</summary>
    static GgmlType[] KDot4List => [.. QuantDots.Types.Where(t => QuantDots.TryGet(t, out var q) && q.Format == ActivationFormat.Q8_K && q.Dot4 != 0)];

    public static TheoryData<GgmlType> KDot4Types() => [.. KDot4List];

    [Theory]
    [MemberData(nameof(KDot4Types))]
    public void Dot4_EachTokenEqualsTheScalarDot_BitForBit(GgmlType type)
    {
        const int n = 3 * 256;
        var (w, _) = QuantData.Weights(type, n, seed: 7);
        var x = QuantizeActivations(QuantData.Activations(4 * n, seed: 8)); // 4 tokens' rows, back to back
        long xStride = x.Length / 4;
        var y = new float[4 * 5];
        QuantDots.TryGet(type, out var kernel);
        fixed (byte* pw = w) fixed (byte* px = x) fixed (float* py = y)
        {
            ((delegate*<byte*, byte*, long, int, float*, long, void>)kernel.Dot4)(pw, px, xStride, n, py, 5);
            for (int k = 0; k < 4; k++) Assert.Equal(Kernels[type].Scalar(pw, px + k * xStride, n), y[5 * k]);
        }
    }

    [Fact]
    public void KDot4Types_CoverTheTargetTypes()
    {
        var types = KDot4List.ToHashSet();
        Assert.Subset(types, new HashSet<GgmlType> { GgmlType.Q3_K, GgmlType.Q4_K, GgmlType.Q6_K, GgmlType.IQ4_XS, GgmlType.IQ2_XXS });
    }

    [Fact]
    public void UnpackScaleMinK4_MatchesGetScaleMinK4()
    {
        var rng = new Random(9);
        var s = new byte[12];
        for (int trial = 0; trial < 200; trial++)
        {
            rng.NextBytes(s);
            fixed (byte* p = s)
            {
                var (scales, mins) = KDot.UnpackScaleMinK4(p);
                for (int j = 0; j < 8; j++)
                    Assert.Equal(KQuantMath.GetScaleMinK4(j, s), ((byte)(scales >> (8 * j)), (byte)(mins >> (8 * j))));
            }
        }
    }

    [Theory]
    [MemberData(nameof(KernelTypes))]
    public void QuantKernels_KQuantDot_IsTheTypesKernel_WithQ8_KActivations(GgmlType type)
    {
        Assert.Equal(ActivationFormat.Q8_K, QuantKernels.ActivationOf(type));
        var (w, _) = QuantData.Weights(type, 512, seed: 4);
        var x = QuantizeActivations(QuantData.Activations(512, seed: 5));
        fixed (byte* pw = w) fixed (byte* px = x)
            Assert.Equal(Kernels[type].Scalar(pw, px, 512), QuantKernels.KQuantDot(type)(pw, px, 512));
    }

    [Fact]
    public void QuantKernels_Q4_0_PairsWithQ8_0Activations() =>
        Assert.Equal(ActivationFormat.Q8_0, QuantKernels.ActivationOf(GgmlType.Q4_0));

    [Fact]
    public void QuantKernels_Decoders_EqualRowDecoder()
    {
        foreach (var (type, decode) in new (GgmlType, nint)[]
        {
            (GgmlType.Q4_0, (nint)(delegate*<byte*, float*, int, void>)&QuantKernels.DecodeQ4_0),
            (GgmlType.Q4_K, (nint)(delegate*<byte*, float*, int, void>)&QuantKernels.DecodeQ4_K),
            (GgmlType.Q5_K, (nint)(delegate*<byte*, float*, int, void>)&QuantKernels.DecodeQ5_K),
            (GgmlType.Q6_K, (nint)(delegate*<byte*, float*, int, void>)&QuantKernels.DecodeQ6_K),
            (GgmlType.IQ2_XXS, (nint)(delegate*<byte*, float*, int, void>)&QuantKernels.DecodeIQ2_XXS),
            (GgmlType.IQ2_XS, (nint)(delegate*<byte*, float*, int, void>)&QuantKernels.DecodeIQ2_XS),
            (GgmlType.IQ2_S, (nint)(delegate*<byte*, float*, int, void>)&QuantKernels.DecodeIQ2_S),
            (GgmlType.IQ3_XXS, (nint)(delegate*<byte*, float*, int, void>)&QuantKernels.DecodeIQ3_XXS),
            (GgmlType.IQ3_S, (nint)(delegate*<byte*, float*, int, void>)&QuantKernels.DecodeIQ3_S),
            (GgmlType.IQ1_S, (nint)(delegate*<byte*, float*, int, void>)&QuantKernels.DecodeIQ1_S),
            (GgmlType.IQ1_M, (nint)(delegate*<byte*, float*, int, void>)&QuantKernels.DecodeIQ1_M),
        })
        {
            var (w, expected) = QuantData.Weights(type, 512, seed: 6);
            var got = new float[512];
            fixed (byte* pw = w) fixed (float* pg = got) ((delegate*<byte*, float*, int, void>)decode)(pw, pg, 512);
            Assert.Equal(expected, got);
        }
    }
}
