using System.Runtime.Intrinsics;
using LongDoc.Runtime.Backends.Cpu;

namespace LongDoc.Runtime.Tests.Backends.Cpu;

/// <summary>The SIMD paths of the tiled attention GEMMs equal their scalar references.</summary>
public sealed unsafe class AttentionTileTests
{
    static float[] Random(int n, int seed)
    {
        var rng = new Random(seed);
        return [.. Enumerable.Range(0, n).Select(_ => (float)(rng.NextDouble() * 2 - 1))];
    }

    [Theory]
    [InlineData(4, 64, 64)]
    [InlineData(8, 24, 128)]
    [InlineData(12, 576, 64)]   // MLA latent rows
    public void Scores_SimdPaths_EqualScalar(int rows, int dk, int stride)
    {
        var kt = Random(dk * stride, 1);
        var q = Random(rows * dk, 2);
        var expected = new float[rows * stride];
        var actual = new float[rows * stride];
        fixed (float* pk = kt, pq = q, pe = expected, pa = actual)
        {
            AttentionTile.ScoresScalar(pq, rows, dk, pk, stride, pe);
            if (Vector512.IsHardwareAccelerated)
            {
                AttentionTile.Scores512(pq, rows, dk, pk, stride, pa);
                AssertClose(expected, actual, dk);
            }
            Array.Clear(actual);
            AttentionTile.Scores256(pq, rows, dk, pk, stride, pa);
            AssertClose(expected, actual, dk);
        }
    }

    [Theory]
    [InlineData(4, 64, 64, 64, 37)]
    [InlineData(8, 24, 576, 64, 64)]    // MLA: R = 24 values read from rows of a wider stride
    [InlineData(4, 131, 131, 128, 5)]   // channels past the SIMD width go to the scalar tail
    [InlineData(16, 512, 576, 64, 64)]
    public void Accumulate_SimdPaths_EqualScalar(int rows, int dv, int vStride, int stride, int keyRows)
    {
        var v = Random(keyRows * vStride, 3);
        var p = Random(rows * stride, 4);
        var start = Random(rows * dv, 5);
        var expected = (float[])start.Clone();
        fixed (float* pv = v, pp = p, pe = expected)
            AttentionTile.AccumulateScalar(pp, rows, stride, pv, vStride, keyRows, pe, dv);
        foreach (var path in new Func<nint, nint, nint, int>[]
        {
            (pp, pv, po) => AttentionTile.Accumulate512((float*)pp, rows, stride, (float*)pv, vStride, keyRows, (float*)po, dv),
            (pp, pv, po) => AttentionTile.Accumulate256((float*)pp, rows, stride, (float*)pv, vStride, keyRows, (float*)po, dv),
            (pp, pv, po) => { AttentionTile.Accumulate((float*)pp, rows, stride, (float*)pv, vStride, keyRows, (float*)po, dv); return dv; },
        })
        {
            var actual = (float[])start.Clone();
            int done;
            fixed (float* pv = v, pp = p, pa = actual)
            {
                done = path((nint)pp, (nint)pv, (nint)pa);
                AttentionTile.AccumulateScalar(pp, rows, stride, pv, vStride, keyRows, pa, dv, done);
            }
            AssertClose(expected, actual, keyRows);
        }
    }

    static void AssertClose(float[] expected, float[] actual, int terms)
    {
        float tolerance = 1e-6f * terms * 4;
        for (int i = 0; i < expected.Length; i++)
            Assert.True(MathF.Abs(expected[i] - actual[i]) <= tolerance, $"element {i}: expected {expected[i]}, got {actual[i]}");
    }
}
