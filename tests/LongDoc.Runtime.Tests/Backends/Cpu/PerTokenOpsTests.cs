using System.Runtime.InteropServices;
using LongDoc.Runtime.Backends.Cpu;
using LongDoc.Runtime.Weights;
using LongDoc.Runtime.Weights.Quantization;

namespace LongDoc.Runtime.Tests.Backends.Cpu;

/// <summary>The two ops of MLA decode: a matrix per token (equal to one MatMul each, bit for bit), and weighted row sums.</summary>
public sealed unsafe class PerTokenOpsTests
{
    static WeightMatrix Random(GgmlType type, int rows, int cols, int seed)
    {
        var rng = new Random(seed);
        long rowBytes = GgmlTypeInfo.RowBytes(type, cols);
        byte* data = (byte*)NativeMemory.Alloc((nuint)(rowBytes * rows));
        var values = new float[cols];
        for (int r = 0; r < rows; r++)
        {
            var row = new Span<byte>(data + r * rowBytes, (int)rowBytes);
            if (!RowEncoder.CanEncode(type)) { Quant.QuantData.RandomBlocks(type, row, rng.Next()); continue; }
            for (int i = 0; i < cols; i++) values[i] = (float)(rng.NextDouble() * 2 - 1);
            RowEncoder.FromSingle(type, values, row);
        }
        return new WeightMatrix(type, rows, cols, data);
    }

    [Theory]
    [InlineData(GgmlType.F32)]
    [InlineData(GgmlType.F16)]
    [InlineData(GgmlType.Q8_0)]
    [InlineData(GgmlType.Q4_K)]
    [InlineData(GgmlType.Q6_K)]
    [InlineData(GgmlType.Q5_0)]
    [InlineData(GgmlType.Q4_1)]   // Q8_1 activations: two floats per block, so per-token offsets differ from Q8_0's
    [InlineData(GgmlType.Q5_1)]
    [InlineData(GgmlType.IQ2_XXS)]
    [InlineData(GgmlType.IQ1_M)]  // the I-quants' Q8_K activations, IQ1's delta term included
    public void MatMulPerToken_FiveHeads_EachRowEqualsItsOwnMatMulBitForBit(GgmlType type)
    {
        const int heads = 5, rows = 40, cols = 256;
        var w = Enumerable.Range(0, heads).Select(h => Random(type, rows, cols, 10 + h)).ToArray();
        try
        {
            var x = KernelData.Floats(new Random(3), heads * cols, 2f);
            using var backend = new CpuBackend(threads: 2);
            var grouped = new float[heads * rows];
            backend.MatMulPerToken(w, x, grouped);
            for (int h = 0; h < heads; h++)
            {
                var single = new float[rows];
                backend.MatMul(w[h], x.AsSpan(h * cols, cols), single, 1);
                Assert.Equal(single, grouped.AsSpan(h * rows, rows).ToArray());
            }
        }
        finally { foreach (var m in w) NativeMemory.Free(m.Data); }
    }

    [Fact]
    public void MatMulPerToken_MixedShapes_ErrorNamesBoth()
    {
        var a = Random(GgmlType.F32, 4, 32, 1);
        var b = Random(GgmlType.F32, 5, 32, 2);
        try
        {
            using var backend = new CpuBackend(threads: 1);
            var e = Assert.Throws<ArgumentException>(() => backend.MatMulPerToken([a, b], new float[64], new float[10]));
            Assert.Contains("(4,32)", e.Message, StringComparison.Ordinal);
            Assert.Contains("(5,32)", e.Message, StringComparison.Ordinal);
        }
        finally { NativeMemory.Free(a.Data); NativeMemory.Free(b.Data); }
    }

    [Theory]
    [InlineData(GgmlType.F16, 16, 300, 512, 576)]   // MLA: 16 heads, 300 cached rows of R+Pe = 576, latent R = 512
    [InlineData(GgmlType.F32, 3, 37, 100, 120)]     // 100 = one 64-wide SIMD chunk + a 36-wide scalar tail
    public void WeightedRowSum_EveryGroup_EqualsFusedSumInRowOrder(GgmlType type, int groups, int positions, int width, int cols)
    {
        var rows = Random(type, positions, cols, 5);
        try
        {
            var a = KernelData.Floats(new Random(6), groups * positions, 1f);
            using var backend = new CpuBackend(threads: 2);
            var y = new float[groups * width];
            backend.WeightedRowSum(rows, a, groups, width, y);
            var row = new float[cols];
            var expected = new float[groups * width];
            for (int p = 0; p < positions; p++)
            {
                RowDecoder.ToSingle(type, rows.Row(p), row);
                for (int g = 0; g < groups; g++)
                    for (int c = 0; c < width; c++)
                        expected[g * width + c] = MathF.FusedMultiplyAdd(row[c], a[g * positions + p], expected[g * width + c]);
            }
            Assert.Equal(expected, y);
        }
        finally { NativeMemory.Free(rows.Data); }
    }
}
