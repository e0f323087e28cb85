using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;
using LongDoc.Runtime.Backends.Cpu;
using LongDoc.Runtime.Backends.Cpu.Quant;
using LongDoc.Runtime.Weights;
using LongDoc.Runtime.Weights.Quantization;

namespace LongDoc.Runtime.Tests.Backends.Cpu.Quant;

/// <summary>
/// The AVX-VNNI forms of the quantized kernels (<see cref="VnniDot"/>) against the scalar references and today's
/// vpmaddubsw forms (<see cref="MaddubsDot"/>), bit for bit, on random rows and on extreme blocks (every byte 0xFF,
/// 0x00, 0x80 or 0x7F; activations all -128, all 127, alternating). Each test returns at once where the CPU has no
/// AVX-VNNI.
/// </summary>
public sealed unsafe class VnniDotTests
{
    delegate float KDotFn(byte* w, byte* x, int n);
    delegate void KDot4Fn(byte* w, byte* x, long xStride, int n, float* y, long yStride);
    delegate float BDotFn(byte* w, sbyte* xq, float* xd, int n);
    delegate void BDot4Fn(byte* w, sbyte* xq, float* xd, int n, float* y, long yStride);

    /// <summary>
    /// Q8_K types: scalar reference, the two 256-bit forms, their 4-token kernels (Q2_K has none), the f16 fields of a
    /// block (IQ1_M keeps its scale in the packed scales, so it gets random rows only), and the lowest activation the
    /// extreme rows use: -128 for unsigned weights, -127 where the kernel uses ggml's sign trick (Q8_K's quantizer makes
    /// no -128, and every path would wrap -(-128) alike, unlike the scalar reference).
    /// </summary>
    static readonly Dictionary<GgmlType, (KDotFn Scalar, KDotFn Maddubs, KDotFn Vnni, KDot4Fn? Maddubs4, KDot4Fn? Vnni4, int[]? Halves, sbyte Low)> KQuants = new()
    {
        [GgmlType.Q4_K] = (DotQ4_K.Scalar, DotQ4_K.Avx2Path<MaddubsDot>, DotQ4_K.Avx2Path<VnniDot>,
            DotKQuant4.Q4_KPath<MaddubsDot>, DotKQuant4.Q4_KPath<VnniDot>, [0, 2], -128),
        [GgmlType.Q5_K] = (DotQ5_K.Scalar, DotQ5_K.Avx2Path<MaddubsDot>, DotQ5_K.Avx2Path<VnniDot>,
            DotKQuant4.Q5_KPath<MaddubsDot>, DotKQuant4.Q5_KPath<VnniDot>, [0, 2], -128),
        [GgmlType.Q6_K] = (DotQ6_K.Scalar, DotQ6_K.Avx2Path<MaddubsDot>, DotQ6_K.Avx2Path<VnniDot>,
            DotKQuant4.Q6_KPath<MaddubsDot>, DotKQuant4.Q6_KPath<VnniDot>, [Q6_KBlock.DOffset], -128),
        [GgmlType.Q3_K] = (DotQ3_K.Scalar, DotQ3_K.Avx2Path<MaddubsDot>, DotQ3_K.Avx2Path<VnniDot>,
            DotQ3_K.Dot4Path<MaddubsDot>, DotQ3_K.Dot4Path<VnniDot>, [Q3_KBlock.DOffset], -127),
        [GgmlType.IQ4_XS] = (DotIQ4_XS.Scalar, DotIQ4_XS.Avx2Path<MaddubsDot>, DotIQ4_XS.Avx2Path<VnniDot>,
            DotIQ4_XS.Dot4Path<MaddubsDot>, DotIQ4_XS.Dot4Path<VnniDot>, [0], -127),
        [GgmlType.Q2_K] = (DotQ2_K.Scalar, DotQ2_K.Avx2Path<MaddubsDot>, DotQ2_K.Avx2Path<VnniDot>,
            null, null, [Q2_KBlock.DOffset, Q2_KBlock.DOffset + 2], -128),
        [GgmlType.IQ2_XXS] = (DotIQ<IQ2_XXSKind>.Scalar, DotIQXXS<IQ2_XXSKind>.Avx2Path<MaddubsDot>, DotIQXXS<IQ2_XXSKind>.Avx2Path<VnniDot>,
            DotIQ<IQ2_XXSKind>.Dot4Path<MaddubsDot>, DotIQ<IQ2_XXSKind>.Dot4Path<VnniDot>, [0], -127),
        [GgmlType.IQ2_XS] = (DotIQ<IQ2_XSKind>.Scalar, DotIQ<IQ2_XSKind>.Avx2Path<MaddubsDot>, DotIQ<IQ2_XSKind>.Avx2Path<VnniDot>,
            DotIQ<IQ2_XSKind>.Dot4Path<MaddubsDot>, DotIQ<IQ2_XSKind>.Dot4Path<VnniDot>, [0], -127),
        [GgmlType.IQ2_S] = (DotIQ<IQ2_SKind>.Scalar, DotIQ<IQ2_SKind>.Avx2Path<MaddubsDot>, DotIQ<IQ2_SKind>.Avx2Path<VnniDot>,
            DotIQ<IQ2_SKind>.Dot4Path<MaddubsDot>, DotIQ<IQ2_SKind>.Dot4Path<VnniDot>, [0], -127),
        [GgmlType.IQ3_XXS] = (DotIQ<IQ3_XXSKind>.Scalar, DotIQXXS<IQ3_XXSKind>.Avx2Path<MaddubsDot>, DotIQXXS<IQ3_XXSKind>.Avx2Path<VnniDot>,
            DotIQ<IQ3_XXSKind>.Dot4Path<MaddubsDot>, DotIQ<IQ3_XXSKind>.Dot4Path<VnniDot>, [0], -127),
        [GgmlType.IQ3_S] = (DotIQ<IQ3_SKind>.Scalar, DotIQ<IQ3_SKind>.Avx2Path<MaddubsDot>, DotIQ<IQ3_SKind>.Avx2Path<VnniDot>,
            DotIQ<IQ3_SKind>.Dot4Path<MaddubsDot>, DotIQ<IQ3_SKind>.Dot4Path<VnniDot>, [0], -127),
        [GgmlType.IQ1_S] = (DotIQ<IQ1_SKind>.Scalar, DotIQ<IQ1_SKind>.Avx2Path<MaddubsDot>, DotIQ<IQ1_SKind>.Avx2Path<VnniDot>,
            DotIQ<IQ1_SKind>.Dot4Path<MaddubsDot>, DotIQ<IQ1_SKind>.Dot4Path<VnniDot>, [0], -127),
        [GgmlType.IQ1_M] = (DotIQ<IQ1_MKind>.Scalar, DotIQ<IQ1_MKind>.Avx2Path<MaddubsDot>, DotIQ<IQ1_MKind>.Avx2Path<VnniDot>,
            DotIQ<IQ1_MKind>.Dot4Path<MaddubsDot>, DotIQ<IQ1_MKind>.Dot4Path<VnniDot>, null, -127),
    };

    /// <summary>32-value block types with Q8_0/Q8_1 activations (Q4_0 has no 4-token kernel).</summary>
    static readonly Dictionary<GgmlType, (BDotFn Scalar, BDotFn Maddubs, BDotFn Vnni, BDot4Fn? Maddubs4, BDot4Fn? Vnni4, int[] Halves)> Blocks32 = new()
    {
        [GgmlType.Q4_0] = (DotBlock32<Q4_0Kind>.Scalar, DotBlock32<Q4_0Kind>.Avx2Path<MaddubsDot>, DotBlock32<Q4_0Kind>.Avx2Path<VnniDot>, null, null, [0]),
        [GgmlType.Q5_0] = (DotBlock32<Q5_0Kind>.Scalar, DotBlock32<Q5_0Kind>.Avx2Path<MaddubsDot>, DotBlock32<Q5_0Kind>.Avx2Path<VnniDot>,
            DotBlock32<Q5_0Kind>.Dot4Path<MaddubsDot>, DotBlock32<Q5_0Kind>.Dot4Path<VnniDot>, [0]),
        [GgmlType.IQ4_NL] = (DotBlock32<IQ4_NLKind>.Scalar, DotBlock32<IQ4_NLKind>.Avx2Path<MaddubsDot>, DotBlock32<IQ4_NLKind>.Avx2Path<VnniDot>,
            DotBlock32<IQ4_NLKind>.Dot4Path<MaddubsDot>, DotBlock32<IQ4_NLKind>.Dot4Path<VnniDot>, [0]),
        [GgmlType.Q4_1] = (DotBlock32<Q4_1Kind>.Scalar, DotBlock32<Q4_1Kind>.Avx2Path<MaddubsDot>, DotBlock32<Q4_1Kind>.Avx2Path<VnniDot>,
            DotBlock32<Q4_1Kind>.Dot4Path<MaddubsDot>, DotBlock32<Q4_1Kind>.Dot4Path<VnniDot>, [0, 2]),
        [GgmlType.Q5_1] = (DotBlock32<Q5_1Kind>.Scalar, DotBlock32<Q5_1Kind>.Avx2Path<MaddubsDot>, DotBlock32<Q5_1Kind>.Avx2Path<VnniDot>,
            DotBlock32<Q5_1Kind>.Dot4Path<MaddubsDot>, DotBlock32<Q5_1Kind>.Dot4Path<VnniDot>, [0, 2]),
    };

    public static TheoryData<GgmlType> KQuantTypes() => [.. KQuants.Keys];
    public static TheoryData<GgmlType> Block32Types() => [.. Blocks32.Keys];

    static readonly byte[] ExtremeBytes = [0xFF, 0x00, 0x80, 0x7F];

    /// <summary>
    /// A row of <paramref name="blocks"/> blocks: block b has every byte ExtremeBytes[b % 5] (random bytes for
    /// b % 5 == 4), then its f16 fields set to <paramref name="scale"/>.
    /// </summary>
    internal static byte[] ExtremeRow(GgmlType type, int blocks, int[] halves, float scale, int seed)
    {
        int blockBytes = GgmlTypeInfo.BlockBytes(type);
        var row = new byte[blocks * blockBytes];
        var rng = new Random(seed);
        for (int b = 0; b < blocks; b++)
        {
            var block = row.AsSpan(b * blockBytes, blockBytes);
            if (b % 5 < ExtremeBytes.Length) block.Fill(ExtremeBytes[b % 5]);
            else rng.NextBytes(block);
            foreach (int o in halves) BitConverter.TryWriteBytes(block[o..], HalfConvert.SingleToHalf(scale));
        }
        return row;
    }

    /// <summary>Activation value i under pattern p: all <paramref name="low"/>, all 127, alternating, or random in [low, 127].</summary>
    static sbyte Pattern(int p, int i, sbyte low, Random rng) => p switch
    {
        0 => low,
        1 => (sbyte)127,
        2 => i % 2 == 0 ? low : (sbyte)127,
        _ => (sbyte)rng.Next(low, 128),
    };

    /// <summary>Q8_K rows (d = 1, bsums consistent with qs) of n values per token, token k in pattern (k + shift) % 4.</summary>
    internal static byte[] ExtremeQ8_K(int n, int tokens, int shift, sbyte low)
    {
        var rng = new Random(shift);
        int blocks = n / Q8_KBlock.Elements;
        var x = new byte[tokens * blocks * Q8_KBlock.Bytes];
        for (int k = 0; k < tokens; k++)
            for (int b = 0; b < blocks; b++)
            {
                var block = x.AsSpan((k * blocks + b) * Q8_KBlock.Bytes, Q8_KBlock.Bytes);
                BitConverter.TryWriteBytes(block, 1f);
                for (int i = 0; i < Q8_KBlock.Elements; i++) block[Q8_KBlock.QsOffset + i] = (byte)Pattern((k + shift) % 4, i, low, rng);
                for (int j = 0; j < Q8_KBlock.Elements / 16; j++)
                {
                    short sum = 0;
                    for (int i = 0; i < 16; i++) sum += (sbyte)block[Q8_KBlock.QsOffset + 16 * j + i];
                    BitConverter.TryWriteBytes(block[(Q8_KBlock.BsumsOffset + 2 * j)..], sum);
                }
            }
        return x;
    }

    /// <summary>
    /// Split-form Q8_0 (d) or Q8_1 (d, s) activations, values in [-127, 127] as the quantizers make them (the sign
    /// trick of ggml's mul_sum_i8_pairs, which every path shares, needs y != -128), token k in pattern (k + shift) % 4.
    /// </summary>
    static (sbyte[] Qs, float[] D) ExtremeQ8_0(int n, int tokens, int shift, bool q8_1)
    {
        var rng = new Random(shift);
        var qs = new sbyte[tokens * n];
        var d = new float[tokens * n / 32 * (q8_1 ? 2 : 1)];
        for (int k = 0; k < tokens; k++)
            for (int i = 0; i < n; i++) qs[k * n + i] = Pattern((k + shift) % 4, i, -127, rng);
        for (int b = 0; b < tokens * n / 32; b++)
        {
            if (!q8_1) { d[b] = 1f; continue; }
            d[2 * b] = 1f;
            for (int i = 0; i < 32; i++) d[2 * b + 1] += qs[32 * b + i];
        }
        return (qs, d);
    }

    [Fact]
    public void VnniDot_EqualsMaddubsDotAndTheLaneDefinition_ForOperandsUpTo128()
    {
        if (!AvxVnni.IsSupported) return;
        var rng = new Random(1);
        var u = new byte[32];
        var s = new sbyte[32];
        var scale = new short[16];
        for (int trial = 0; trial < 2000; trial++)
        {
            for (int i = 0; i < 32; i++)
            {
                // Every fourth trial at the corners: u = 128 with s = -128 is vpmaddubsw's most negative pair, -32768.
                u[i] = trial % 4 == 0 ? (byte)128 : (byte)rng.Next(0, 129);
                s[i] = trial % 4 == 0 ? (sbyte)-128 : trial % 4 == 1 ? (sbyte)127 : (sbyte)rng.Next(-128, 128);
            }
            for (int i = 0; i < 16; i++) scale[i] = (short)rng.Next(-128, 256);
            var vu = Vector256.Create(u);
            var vs = Vector256.Create(s);
            var vscale = Vector256.Create(scale);
            var acc = Vector256.Create(rng.Next(-1 << 20, 1 << 20));
            Assert.Equal(MaddubsDot.Dot(vu, vs), VnniDot.Dot(vu, vs));
            Assert.Equal(MaddubsDot.MulAdd(acc, vu, vs, vscale), VnniDot.MulAdd(acc, vu, vs, vscale));
            for (int lane = 0; lane < 8; lane++)
            {
                int plain = 0, scaled = acc.GetElement(lane);
                for (int j = 4 * lane; j < 4 * lane + 4; j++)
                {
                    plain += u[j] * s[j];
                    scaled += u[j] * s[j] * scale[j / 2];
                }
                Assert.Equal(plain, VnniDot.Dot(vu, vs).GetElement(lane));
                Assert.Equal(scaled, VnniDot.MulAdd(acc, vu, vs, vscale).GetElement(lane));
            }
        }
    }

    [Theory]
    [MemberData(nameof(KQuantTypes))]
    public void KQuantVnniPaths_RandomAndExtremeBlocks_EqualScalarAndMaddubs_BitForBit(GgmlType type)
    {
        if (!AvxVnni.IsSupported) return;
        var k = KQuants[type];
        const int blocks = 10, n = blocks * 256;   // 10 blocks: every extreme pattern twice
        var rows = new List<byte[]> { QuantData.Weights(type, n, seed: 11).Bytes };
        if (k.Halves is not null) rows.AddRange([ExtremeRow(type, blocks, k.Halves, 1f, 12), ExtremeRow(type, blocks, k.Halves, 65504f, 13)]);
        var acts = new List<byte[]> { QuantizeActivations(QuantData.Activations(4 * n, seed: 14)), ExtremeQ8_K(n, 4, 0, k.Low), ExtremeQ8_K(n, 4, 2, k.Low) };
        long xStride = (long)blocks * Q8_KBlock.Bytes;
        var y4 = new float[4 * 3];
        foreach (var w in rows)
            foreach (var x in acts)
                fixed (byte* pw = w) fixed (byte* px = x) fixed (float* py = y4)
                {
                    for (int t = 0; t < 4; t++)
                    {
                        float expected = k.Scalar(pw, px + t * xStride, n);
                        Assert.Equal(expected, k.Maddubs(pw, px + t * xStride, n));
                        Assert.Equal(expected, k.Vnni(pw, px + t * xStride, n));
                    }
                    if (k.Vnni4 is null || k.Maddubs4 is null) continue;
                    foreach (var dot4 in new[] { k.Vnni4, k.Maddubs4 })
                    {
                        dot4(pw, px, xStride, n, py, 3);
                        for (int t = 0; t < 4; t++) Assert.Equal(k.Scalar(pw, px + t * xStride, n), y4[3 * t]);
                    }
                }
    }

    [Theory]
    [MemberData(nameof(Block32Types))]
    public void Block32VnniPaths_RandomAndExtremeBlocks_EqualScalarAndMaddubs_BitForBit(GgmlType type)
    {
        if (!AvxVnni.IsSupported) return;
        var k = Blocks32[type];
        bool q8_1 = QuantKernels.ActivationOf(type) == ActivationFormat.Q8_1;
        const int blocks = 23, n = blocks * 32;   // 4-block steps and a tail of 3
        var rows = new List<byte[]> { QuantData.Weights(type, n, seed: 21).Bytes, ExtremeRow(type, blocks, k.Halves, 1f, 22), ExtremeRow(type, blocks, k.Halves, 65504f, 23) };
        var acts = new List<(sbyte[] Qs, float[] D)> { ExtremeQ8_0(n, 4, 0, q8_1), ExtremeQ8_0(n, 4, 2, q8_1), ExtremeQ8_0(n, 4, 3, q8_1) };
        long dStride = (long)blocks * (q8_1 ? 2 : 1);
        var y4 = new float[4 * 3];
        foreach (var w in rows)
            foreach (var (qs, d) in acts)
                fixed (byte* pw = w) fixed (sbyte* pq = qs) fixed (float* pd = d) fixed (float* py = y4)
                {
                    for (int t = 0; t < 4; t++)
                    {
                        float expected = k.Scalar(pw, pq + t * n, pd + t * dStride, n);
                        Assert.Equal(expected, k.Maddubs(pw, pq + t * n, pd + t * dStride, n));
                        Assert.Equal(expected, k.Vnni(pw, pq + t * n, pd + t * dStride, n));
                    }
                    if (k.Vnni4 is null || k.Maddubs4 is null) continue;
                    foreach (var dot4 in new[] { k.Vnni4, k.Maddubs4 })
                    {
                        dot4(pw, pq, pd, n, py, 3);
                        for (int t = 0; t < 4; t++) Assert.Equal(k.Scalar(pw, pq + t * n, pd + t * dStride, n), y4[3 * t]);
                    }
                }
    }

    internal static byte[] QuantizeActivations(float[] x)
    {
        var q = new byte[GgmlTypeInfo.RowBytes(GgmlType.Q8_K, x.Length)];
        fixed (float* px = x) fixed (byte* pq = q) QuantizeQ8_K.Scalar(px, pq, x.Length);
        return q;
    }
}
