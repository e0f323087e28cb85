using System.Runtime.InteropServices;
using LongDoc.Runtime.Backends.Cpu;
using LongDoc.Runtime.Backends.Cpu.Quant;
using LongDoc.Runtime.Weights;
using LongDoc.Runtime.Weights.Quantization;
using QuantRowDecoder = LongDoc.Runtime.Weights.Quantization.RowDecoder;

namespace LongDoc.Runtime.Tests.Backends.Cpu;

/// <summary>
/// CpuBackend.MatMul with quantized weights (the QuantDots table) against the scalar dots on activations quantized
/// by the scalar quantizers, for decode (T = 1, 3) and prefill (T = 4, 70) batches split over two threads; and
/// against the f32 dot of the decoded rows within the activation quantization's proven bound.
/// </summary>
public unsafe class QuantMatMulTests
{
    const int Rows = 37, Cols = 512;

    /// <summary>The scalar reference per type: quantize one token's activations as ggml does, then the scalar dot.</summary>
    static readonly Dictionary<GgmlType, Func<nint, float[], float>> Scalar = new()
    {
        [GgmlType.Q8_0] = (row, x) => Q8_0Reference(row, x, &DotQ8_0.Scalar),
        [GgmlType.Q4_0] = (row, x) => Q8_0Reference(row, x, &DotBlock32<Q4_0Kind>.Scalar),
        [GgmlType.Q4_K] = (row, x) => Q8_KReference(row, x, &DotQ4_K.Scalar),
        [GgmlType.Q5_K] = (row, x) => Q8_KReference(row, x, &DotQ5_K.Scalar),
        [GgmlType.Q6_K] = (row, x) => Q8_KReference(row, x, &DotQ6_K.Scalar),
        [GgmlType.Q5_0] = (row, x) => Q8_0Reference(row, x, &DotBlock32<Q5_0Kind>.Scalar),
        [GgmlType.IQ4_NL] = (row, x) => Q8_0Reference(row, x, &DotBlock32<IQ4_NLKind>.Scalar),
        [GgmlType.Q4_1] = (row, x) => Q8_1Reference(row, x, &DotBlock32<Q4_1Kind>.Scalar),
        [GgmlType.Q5_1] = (row, x) => Q8_1Reference(row, x, &DotBlock32<Q5_1Kind>.Scalar),
        [GgmlType.Q2_K] = (row, x) => Q8_KReference(row, x, &DotQ2_K.Scalar),
        [GgmlType.Q3_K] = (row, x) => Q8_KReference(row, x, &DotQ3_K.Scalar),
        [GgmlType.IQ4_XS] = (row, x) => Q8_KReference(row, x, &DotIQ4_XS.Scalar),
        [GgmlType.IQ2_XXS] = (row, x) => Q8_KReference(row, x, &DotIQ<IQ2_XXSKind>.Scalar),
        [GgmlType.IQ2_XS] = (row, x) => Q8_KReference(row, x, &DotIQ<IQ2_XSKind>.Scalar),
        [GgmlType.IQ2_S] = (row, x) => Q8_KReference(row, x, &DotIQ<IQ2_SKind>.Scalar),
        [GgmlType.IQ3_XXS] = (row, x) => Q8_KReference(row, x, &DotIQ<IQ3_XXSKind>.Scalar),
        [GgmlType.IQ3_S] = (row, x) => Q8_KReference(row, x, &DotIQ<IQ3_SKind>.Scalar),
        [GgmlType.IQ1_S] = (row, x) => Q8_KReference(row, x, &DotIQ<IQ1_SKind>.Scalar),
        [GgmlType.IQ1_M] = (row, x) => Q8_KReference(row, x, &DotIQ<IQ1_MKind>.Scalar),
    };

    static float Q8_1Reference(nint row, float[] x, delegate*<byte*, sbyte*, float*, int, float> dot)
    {
        var q = new sbyte[x.Length];
        var ds = new float[x.Length / 32 * 2];
        fixed (float* px = x) fixed (sbyte* pq = q) fixed (float* pd = ds)
        {
            QuantizeQ8_1.Quantize(px, pq, pd, x.Length);
            return dot((byte*)row, pq, pd, x.Length);
        }
    }

    static float Q8_0Reference(nint row, float[] x, delegate*<byte*, sbyte*, float*, int, float> dot)
    {
        var q = new sbyte[x.Length];
        var d = new float[x.Length / 32];
        fixed (float* px = x) fixed (sbyte* pq = q) fixed (float* pd = d)
        {
            QuantizeQ8_0.Quantize(px, pq, pd, x.Length);
            return dot((byte*)row, pq, pd, x.Length);
        }
    }

    static float Q8_KReference(nint row, float[] x, delegate*<byte*, byte*, int, float> dot)
    {
        var q = new byte[x.Length / Q8_KBlock.Elements * Q8_KBlock.Bytes];
        fixed (float* px = x) fixed (byte* pq = q)
        {
            QuantizeQ8_K.Scalar(px, pq, x.Length);
            return dot((byte*)row, pq, x.Length);
        }
    }

    static WeightMatrix Random(GgmlType type, int seed)
    {
        var rng = new Random(seed);
        long rowBytes = GgmlTypeInfo.RowBytes(type, Cols);
        byte* data = (byte*)NativeMemory.Alloc((nuint)(rowBytes * Rows));
        var values = new float[Cols];
        for (int r = 0; r < Rows; r++)
        {
            var row = new Span<byte>(data + r * rowBytes, (int)rowBytes);
            if (!RowEncoder.CanEncode(type))
            {
                Quant.QuantData.RandomBlocks(type, row, rng.Next());
                continue;
            }
            for (int i = 0; i < Cols; i++) values[i] = (float)(rng.NextDouble() * 2 - 1);
            RowEncoder.FromSingle(type, values, row);
        }
        return new WeightMatrix(type, Rows, Cols, data);
    }

    public static TheoryData<GgmlType> Types() =>
    [
        GgmlType.Q8_0, GgmlType.Q4_0, GgmlType.Q4_K, GgmlType.Q5_K, GgmlType.Q6_K,
        GgmlType.Q4_1, GgmlType.Q5_0, GgmlType.Q5_1, GgmlType.Q2_K, GgmlType.Q3_K, GgmlType.IQ4_NL, GgmlType.IQ4_XS,
        GgmlType.IQ2_XXS, GgmlType.IQ2_XS, GgmlType.IQ2_S, GgmlType.IQ3_XXS, GgmlType.IQ3_S, GgmlType.IQ1_S, GgmlType.IQ1_M,
    ];

    [Theory]
    [MemberData(nameof(Types))]
    public void MatMul_QuantizedDecodeAndPrefill_EqualScalarDotOnScalarQuantizedActivations(GgmlType type)
    {
        var w = Random(type, 30 + (int)type);
        var rng = new Random(7);
        try
        {
            using var backend = new CpuBackend(threads: 2);
            foreach (int tokens in new[] { 1, 3, 4, 70 })
            {
                var x = KernelData.Floats(rng, tokens * Cols, 2f);
                var y = new float[tokens * Rows];
                backend.MatMul(w, x, y, tokens);
                for (int t = 0; t < tokens; t++)
                    for (int r = 0; r < Rows; r++)
                    {
                        float expected = Scalar[type]((nint)(w.Data + r * w.RowBytes), x.AsSpan(t * Cols, Cols).ToArray());
                        string what = $"{type} T={tokens} t={t} r={r}";
                        // The Q4_0, 32-value block and k-quant kernels sum each block exactly in int32 and do the same f32 steps on
                        // every path: equal, not close. DotQ8_0's vector paths keep per-lane f32 partial sums.
                        if (type == GgmlType.Q8_0) KernelData.Close(expected, y[t * Rows + r], Cols * 2f, what);
                        else Assert.True(expected == y[t * Rows + r], $"{what}: scalar {expected}, matmul {y[t * Rows + r]}");
                    }
            }
        }
        finally { NativeMemory.Free(w.Data); }
    }

    [Theory]
    [MemberData(nameof(Types))]
    public void MatMul_Quantized_WithinActivationQuantizationBoundOfDecodedRows(GgmlType type)
    {
        var w = Random(type, 50 + (int)type);
        int block = QuantDots.TryGet(type, out var quant) && quant.Format == ActivationFormat.Q8_K ? Q8_KBlock.Elements : 32;
        try
        {
            using var backend = new CpuBackend(threads: 2);
            var x = KernelData.Floats(new Random(9), Cols, 2f);
            x[5] = 9f; // an outlier sets its block's step
            var y = new float[Rows];
            backend.MatMul(w, x, y, 1);
            var decoded = new float[Cols];
            for (int r = 0; r < Rows; r++)
            {
                QuantRowDecoder.ToSingle(type, w.Row(r), decoded);
                double exact = 0, bound = 0;
                for (int i = 0; i < Cols; i++)
                {
                    exact += (double)decoded[i] * x[i];
                    // Round-to-nearest moves each activation by at most half its block's step amax / 127.
                    float amax = 0;
                    for (int j = i / block * block; j < (i / block + 1) * block; j++) amax = MathF.Max(amax, MathF.Abs(x[j]));
                    bound += Math.Abs(decoded[i]) * amax / 127 * 0.5 * 1.01;
                }
                Assert.True(Math.Abs(y[r] - exact) <= bound + 1e-4, $"{type} r={r}: {y[r]} vs exact {exact}, bound {bound}");
            }
        }
        finally { NativeMemory.Free(w.Data); }
    }

    [Theory]
    [MemberData(nameof(Types))]
    public void GetRows_QuantizedEmbedding_EqualsRowDecoder(GgmlType type)
    {
        var w = Random(type, 70 + (int)type);
        try
        {
            using var backend = new CpuBackend(threads: 1);
            int[] ids = [0, 36, 5, 5];
            var y = new float[ids.Length * Cols];
            backend.GetRows(w, ids, y);
            var expected = new float[Cols];
            for (int t = 0; t < ids.Length; t++)
            {
                QuantRowDecoder.ToSingle(type, w.Row(ids[t]), expected);
                Assert.Equal(expected, y.AsSpan(t * Cols, Cols).ToArray());
            }
        }
        finally { NativeMemory.Free(w.Data); }
    }

    [Theory]
    [MemberData(nameof(Types))]
    public void MatMul_QuantizedPrefillBatch_EqualsOneTokenAtATime(GgmlType type)
    {
        // The 4-token prefill kernels (QuantDot.Dot4) must give each token exactly the single-token dot's value, so
        // that how a prompt is batched never changes a logit.
        var w = Random(type, 90 + (int)type);
        try
        {
            using var backend = new CpuBackend(threads: 2);
            const int tokens = 11;
            var x = KernelData.Floats(new Random(3), tokens * Cols, 2f);
            var batch = new float[tokens * Rows];
            backend.MatMul(w, x, batch, tokens);
            var one = new float[Rows];
            for (int t = 0; t < tokens; t++)
            {
                backend.MatMul(w, x.AsSpan(t * Cols, Cols), one, 1);
                Assert.Equal(one, batch.AsSpan(t * Rows, Rows).ToArray());
            }
        }
        finally { NativeMemory.Free(w.Data); }
    }
}
