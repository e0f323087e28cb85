using LongDoc.Runtime.Backends.Cuda.Kernels.Reference;

namespace LongDoc.Runtime.Tests.Backends.Cuda.Kernels.Reference;

/// <summary>The MoE oracle of the CUDA self-test sorts stably.</summary>
public sealed class MoeReferenceTests
{
    [Fact]
    public void Permute_Entries_StableByEntryAndInverse()
    {
        var ids = new[] { 2, 0, 2, 1, 0, 2 };
        var offsets = new int[4];
        var rowSrc = new int[6];
        var entryRow = new int[6];
        MoeReference.Permute(ids, offsets, rowSrc, entryRow, 3);
        Assert.Equal(new[] { 0, 2, 3, 6 }, offsets);
        Assert.Equal(new[] { 1, 4, 3, 0, 2, 5 }, rowSrc);
        for (int n = 0; n < ids.Length; n++) Assert.Equal(n, rowSrc[entryRow[n]]);
    }

    [Fact]
    public void GroupedGemmThenUnpermute_OneExpertPerToken_EqualsPlainSwiGlu()
    {
        // T=2, A=1, K=2, M=1: token t goes to expert t; out = silu(x.g) * (x.u), then weighted by 0.5.
        var x = new float[] { 1, 2, 3, 4 };
        var g = new float[] { 1, 0, 0, 1 };              // expert 0 gate row (1,0); expert 1 gate row (0,1)
        var u = new float[] { 1, 1, 2, 0 };
        var offsets = new[] { 0, 1, 2 };
        var rowSrc = new[] { 0, 1 };
        var y = new float[2];
        MoeReference.GroupedGemm(x, g, u, offsets, rowSrc, y, 2, 1, 2, 1);
        static float Silu(float v) => v / (1 + MathF.Exp(-v));
        Assert.Equal(Silu(1) * 3, y[0], 1e-5f);
        Assert.Equal(Silu(4) * 6, y[1], 1e-5f);
        var o = new float[2];
        MoeReference.Unpermute(y, new[] { 0, 1 }, new[] { 0.5f, 0.5f }, o, 2, 1, 1, accumulate: false);
        Assert.Equal(0.5f * y[1], o[1], 1e-6f);
    }

    [Fact]
    public void Experts_RandomRouting_EqualsEachTokensWeightedSumOfItsExperts()
    {
        const int T = 5, A = 2, E = 3, D = 4, F = 3;
        var rng = new Random(41);
        float[] R(int n) => [.. Enumerable.Range(0, n).Select(_ => (float)rng.NextDouble() - 0.5f)];
        var (x, wg, wu, wd, weights) = (R(T * D), R(E * F * D), R(E * F * D), R(E * D * F), R(T * A));
        var ids = new[] { 0, 2, 1, 2, 2, 0, 1, 0, 2, 1 };
        var y = Enumerable.Repeat(float.NaN, T * D).ToArray();   // overwritten, not accumulated
        MoeReference.Experts(x, wg, wu, wd, ids, weights, y, T, A, E, D, F);
        for (int t = 0; t < T; t++)
            for (int d = 0; d < D; d++)
            {
                double expected = 0;
                for (int a = 0; a < A; a++)
                {
                    int e = ids[t * A + a];
                    double o = 0;
                    for (int f = 0; f < F; f++)
                    {
                        double g = 0, u = 0;
                        for (int k = 0; k < D; k++) { g += x[t * D + k] * wg[(e * F + f) * D + k]; u += x[t * D + k] * wu[(e * F + f) * D + k]; }
                        o += (float)(g / (1 + Math.Exp(-g)) * u) * wd[(e * D + d) * F + f];
                    }
                    expected += weights[t * A + a] * o;
                }
                Assert.Equal(expected, y[t * D + d], 1e-5);
            }
    }
}
