using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using LongDoc.Runtime.Backends.Cpu;
using LongDoc.Runtime.Layers;
using LongDoc.Runtime.Models;
using LongDoc.Runtime.Weights;

namespace LongDoc.Runtime.Tests.Layers;

/// <summary>
/// The lightning indexer against a scalar reference written from DeepSeek-V3.2-Exp's inference/model.py (double sums,
/// an explicit Sylvester matrix, RoPE from its formula): the same positions selected for every token, a prompt batch
/// and then token by token, with NEOX (deepseek32) and NORM (glm-dsa) RoPE, F32 and F16 key caches.
/// </summary>
public sealed class LightningIndexerTests
{
    const int D = 24, Rq = 20, Hi = 16, Di = 32, Pe = 8, TopK = 8, Prefill = 30, Tokens = 40;
    const float Base = 10000f, Eps = 1e-6f;

    sealed class Inputs
    {
        readonly Random _rng = new(11);
        public readonly float[] QB, K, Proj, NormW, NormB, X, Qa;
        public Inputs()
        {
            QB = Pinned(Hi * Di * Rq); K = Pinned(Di * D); Proj = Pinned(Hi * D);
            NormW = Fill(Di, 0.5f, 1.5f); NormB = Fill(Di, -0.2f, 0.2f);
            X = Fill(Tokens * D, -1, 1); Qa = Fill(Tokens * Rq, -1, 1);
        }
        float[] Fill(int n, float lo, float hi) => [.. Enumerable.Range(0, n).Select(_ => lo + (hi - lo) * _rng.NextSingle())];
        float[] Pinned(int n)
        {
            var a = GC.AllocateArray<float>(n, pinned: true);
            Fill(n, -0.5f, 0.5f).CopyTo(a, 0);
            return a;
        }
    }

    static unsafe WeightMatrix Matrix(float[] pinned, int rows, int cols) =>
        new(GgmlType.F32, rows, cols, (byte*)Unsafe.AsPointer(ref MemoryMarshal.GetArrayDataReference(pinned)));

    /// <param name="backendOps">The CPU backend's own ops (<see cref="LongDoc.Runtime.Backends.IDsaAttention"/>), or the
    /// token-by-token path other backends take (a backend without them).</param>
    static int[][] Run(Inputs i, bool neox, KvCacheType type, bool backendOps)
    {
        using var cpuBackend = new CpuBackend(2);
        using var withoutOps = new GroupedReferenceBackend(false);
        LongDoc.Runtime.Backends.IBackend cpu = backendOps ? cpuBackend : withoutOps;
        var indexer = new LightningIndexer(0,
            new LightningIndexer.Tensors(Matrix(i.QB, Hi * Di, Rq), Matrix(i.K, Di, D), new LayerNorm(i.NormW, i.NormB, Eps), Matrix(i.Proj, Hi, D)),
            new YarnRope(Base, Pe, null, neox), Hi, Di);
        var ix = new DsaIndexer(Hi, Di, TopK);
        var d = new DsaScratch(ix, 1, 1, Tokens, Tokens);
        using var cache = new IndexKeyCache([true], Tokens, Di, type);
        var result = new int[Tokens][];
        void Step(int start, int n)
        {
            indexer.StoreKeys(cpu, d, cache, i.X.AsSpan(start * D, n * D), start, n);
            indexer.Select(cpu, d, cache, i.Qa.AsSpan(start * Rq, n * Rq), i.X.AsSpan(start * D, n * D), start, n);
            for (int t = 0; t < n; t++) result[start + t] = d.Selection(t).ToArray();
        }
        Step(0, Prefill);
        for (int t = Prefill; t < Tokens; t++) Step(t, 1);
        return result;
    }

    // ---- the scalar reference ----

    static double[] Project(float[] w, int rows, int cols, float[] x, int offset) =>
        [.. Enumerable.Range(0, rows).Select(r => Enumerable.Range(0, cols).Sum(c => (double)w[r * cols + c] * x[offset + c]))];

    static void Rope(double[] v, int offset, int pos, bool neox)
    {
        for (int i = 0; i < Pe / 2; i++)
        {
            double theta = pos * Math.Pow(Base, -2.0 * i / Pe);
            int a = offset + (neox ? i : 2 * i), b = offset + (neox ? i + Pe / 2 : 2 * i + 1);
            (v[a], v[b]) = (v[a] * Math.Cos(theta) - v[b] * Math.Sin(theta), v[a] * Math.Sin(theta) + v[b] * Math.Cos(theta));
        }
    }

    static double[] Sylvester(double[] v, int offset)
    {
        var y = new double[Di];
        for (int i = 0; i < Di; i++)
            for (int j = 0; j < Di; j++)
                y[i] += (int.PopCount(i & j) % 2 == 0 ? 1 : -1) * v[offset + j] / Math.Sqrt(Di);
        return y;
    }

    /// <param name="f16">Keys rounded to half precision as the F16 cache stores them.</param>
    static int[][] Reference(Inputs i, bool neox, bool f16)
    {
        var keys = new double[Tokens][];
        for (int s = 0; s < Tokens; s++)
        {
            var k = Project(i.K, Di, D, i.X, s * D);
            double mean = k.Average(), var = k.Sum(v => (v - mean) * (v - mean)) / Di;
            for (int j = 0; j < Di; j++) k[j] = (k[j] - mean) / Math.Sqrt(var + Eps) * i.NormW[j] + i.NormB[j];
            Rope(k, 0, s, neox);
            keys[s] = [.. Sylvester(k, 0).Select(v => f16 ? (double)(float)(Half)(float)v : v)];
        }
        var result = new int[Tokens][];
        for (int t = 0; t < Tokens; t++)
        {
            var q = Project(i.QB, Hi * Di, Rq, i.Qa, t * Rq);
            var w = Project(i.Proj, Hi, D, i.X, t * D);
            var qh = Enumerable.Range(0, Hi).Select(h => { Rope(q, h * Di, t, neox); return Sylvester(q, h * Di); }).ToArray();
            var score = Enumerable.Range(0, t + 1).Select(s =>
                Enumerable.Range(0, Hi).Sum(h => w[h] / Math.Sqrt(Hi * Di) * Math.Max(0, Enumerable.Range(0, Di).Sum(j => qh[h][j] * keys[s][j])))).ToArray();
            result[t] = [.. Enumerable.Range(0, t + 1).OrderByDescending(s => score[s]).ThenBy(s => s).Take(TopK).Order()];
        }
        return result;
    }

    [Theory]
    [InlineData(true, KvCacheType.F32, true)]
    [InlineData(false, KvCacheType.F32, true)]
    [InlineData(true, KvCacheType.F16, true)]
    [InlineData(true, KvCacheType.F16, false)]
    public void Select_PrefillThenDecode_SamePositionsAsScalarReference(bool neox, KvCacheType type, bool backendOps)
    {
        var i = new Inputs();
        var expected = Reference(i, neox, type == KvCacheType.F16);
        var actual = Run(i, neox, type, backendOps);
        for (int t = 0; t < Tokens; t++) Assert.True(expected[t].SequenceEqual(actual[t]),
            $"token {t}: expected [{string.Join(", ", expected[t])}], got [{string.Join(", ", actual[t])}]");
        Assert.All(actual, a => Assert.True(a.Length <= TopK));
        Assert.Contains(actual, a => !a.SequenceEqual(Enumerable.Range(0, a.Length))); // a real choice, not the first k
    }

    [Fact]
    public void TopPositions_Ties_LowerPositionWins()
    {
        var selected = new int[2];
        int n = TopPositions.Select([1f, 3f, 3f, 2f, 3f], 2, selected);
        Assert.Equal(2, n);
        Assert.Equal([1, 2], selected);
    }

    [Fact]
    public void TopPositions_RandomScores_SameAsSortingAllOfThem()
    {
        var rng = new Random(5);
        for (int trial = 0; trial < 50; trial++)
        {
            int n = rng.Next(1, 300), k = rng.Next(1, 40);
            // few distinct values, so that ties are common
            var scores = Enumerable.Range(0, n).Select(_ => (float)rng.Next(-5, 6)).ToArray();
            var expected = Enumerable.Range(0, n).OrderByDescending(s => scores[s]).ThenBy(s => s).Take(k).Order().ToArray();
            var selected = new int[k];
            int count = TopPositions.Select(scores, k, selected);
            Assert.Equal(expected, selected[..count]);
        }
    }

    [Fact]
    public void TopPositions_32kScoresWithTiesAndSpecials_SameAsSortingAllOfThem()
    {
        var rng = new Random(8);
        const int N = 32768, K = 2048;
        // continuous values, a run of equal ones across the boundary, -0 beside +0, NaN (ranks as -inf) and infinities
        var scores = Enumerable.Range(0, N).Select(_ => (float)(rng.NextDouble() * 2 - 1)).ToArray();
        var boundary = scores.OrderDescending().ElementAt(K - 100);
        for (int i = 0; i < 400; i++) scores[rng.Next(N)] = boundary;
        scores[5] = -0f; scores[6] = 0f; scores[7] = float.NaN; scores[8] = float.NegativeInfinity; scores[9] = float.PositiveInfinity;
        static float Rank(float v) => float.IsNaN(v) ? float.NegativeInfinity : v;
        var expected = Enumerable.Range(0, N).OrderByDescending(s => Rank(scores[s])).ThenBy(s => s).Take(K).Order().ToArray();
        var selected = new int[K];
        Assert.Equal(K, TopPositions.Select(scores, K, selected));
        Assert.Equal(expected, selected);
        // -0 and +0 tie (the lower position wins); NaN and -inf tie too
        var zeros = new int[1];
        TopPositions.Select([-1f, 0f, -0f], 1, zeros);
        Assert.Equal([1], zeros);
        TopPositions.Select([-1f, -0f, 0f], 1, zeros);
        Assert.Equal([1], zeros);
        TopPositions.Select([float.NaN, float.NegativeInfinity], 1, zeros);
        Assert.Equal([0], zeros);
    }

    [Fact]
    public void Hadamard_TwoBlocksOf32_EachBlockIsItsSylvesterProduct()
    {
        // width 96: the largest power of two dividing it is 32, so three blocks rotate separately
        var x = Enumerable.Range(0, 96).Select(j => MathF.Sin(j + 1)).ToArray();
        var y = (float[])x.Clone();
        Hadamard.Rotate(y);
        for (int b = 0; b < 96; b += 32)
        {
            var expected = Sylvester([.. x.Skip(b).Take(32).Select(v => (double)v)], 0);
            for (int j = 0; j < 32; j++) Assert.Equal(expected[j], y[b + j], 1e-5);
        }
    }
}
