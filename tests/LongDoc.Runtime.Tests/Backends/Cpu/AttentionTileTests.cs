using System.Runtime.Intrinsics;
using LongDoc.Runtime.Backends.Cpu;

namespace LongDoc.Runtime.Tests.Backends.Cpu;

/// <summary>The SIMD paths of the prefill tile kernels equal their scalar references.</summary>
public sealed unsafe class AttentionTileTests
{
    static float[] Random(int n, int seed)
    {
        var rng = new Random(seed);
        return [.. Enumerable.Range(0, n).Select(_ => (float)(rng.NextDouble() * 2 - 1))];
    }

    [Theory]
    [InlineData(64, 64)]
    [InlineData(24, 128)]
    public void Scores_SimdPaths_EqualScalar(int dk, int stride)
    {
        var kt = Random(dk * stride, 1);
        var q = Random(dk, 2);
        var expected = new float[stride];
        var actual = new float[stride];
        fixed (float* pk = kt, pq = q, pe = expected, pa = actual)
        {
            AttentionTile.ScoresScalar(pk, stride, pq, dk, 0.3f, pe);
            if (Vector512.IsHardwareAccelerated)
            {
                AttentionTile.Scores512(pk, stride, pq, dk, 0.3f, pa);
                for (int i = 0; i < stride; i++) Assert.Equal(expected[i], actual[i], 4);
            }
            Array.Clear(actual);
            AttentionTile.Scores256(pk, stride, pq, dk, 0.3f, pa);
            for (int i = 0; i < stride; i++) Assert.Equal(expected[i], actual[i], 4);
        }
    }

    [Theory]
    [InlineData(64, 64, 37)]
    [InlineData(24, 576, 64)]   // MLA: R = 24 values read from rows of a wider stride
    [InlineData(131, 131, 5)]
    public void Accumulate_SimdPaths_EqualScalar(int dv, int vStride, int rows)
    {
        var v = Random(rows * vStride, 3);
        var p = Random(rows, 4);
        var expected = Random(dv, 5);
        var actual = (float[])expected.Clone();
        fixed (float* pv = v, pp = p, pe = expected, pa = actual)
        {
            AttentionTile.AccumulateScalar(pp, pv, vStride, rows, pe, 0, dv);
            AttentionTile.Accumulate(pp, pv, vStride, rows, pa, dv);
        }
        for (int i = 0; i < dv; i++) Assert.Equal(expected[i], actual[i], 4);
    }
}
