using LongDoc.Runtime.Backends;
using LongDoc.Runtime.Backends.Cpu;
using LongDoc.Runtime.Models;
using LongDoc.Runtime.Sparse;

namespace LongDoc.Runtime.Tests.Backends.Cpu;

/// <summary>The CPU sparse attention op against its scalar reference, and against dense attention when every block is read.</summary>
public sealed unsafe class SparseAttentionOpTests
{
    internal static KvCache RandomCache(int positions, int heads, int dk, int dv, KvCacheType type, int block, int seed)
    {
        var cache = new KvCache(1, positions, heads, dk, dv, type, block);
        var rng = new Random(seed);
        var k = Enumerable.Range(0, positions * heads * dk).Select(_ => (float)(rng.NextDouble() * 2 - 1)).ToArray();
        var v = Enumerable.Range(0, positions * heads * dv).Select(_ => (float)(rng.NextDouble() * 2 - 1)).ToArray();
        cache.Store(0, 0, positions, k, v);
        return cache;
    }

    internal static float[] RandomQueries(int tokens, int heads, int dk, int seed, float scale = 3f)
    {
        var rng = new Random(seed);
        return [.. Enumerable.Range(0, tokens * heads * dk).Select(_ => (float)(rng.NextDouble() * 2 - 1) * scale)];
    }

    internal static double RelativeL2(ReadOnlySpan<float> expected, ReadOnlySpan<float> actual)
    {
        double num = 0, den = 0;
        for (int i = 0; i < expected.Length; i++) { num += Math.Pow(expected[i] - actual[i], 2); den += Math.Pow(expected[i], 2); }
        return Math.Sqrt(num / den);
    }

    static readonly SparseAttentionOptions Small = new() { Block = 16, Budget = 128, Window = 40, DenseLayers = [], DenseBelowBudget = false };

    [Theory]
    [InlineData(KvCacheType.F32, BlockScore.Quest, 700, 100)]
    [InlineData(KvCacheType.F16, BlockScore.Quest, 700, 100)]
    [InlineData(KvCacheType.F32, BlockScore.MeanKey, 700, 100)]
    [InlineData(KvCacheType.F32, BlockScore.Quest, 799, 1)]
    [InlineData(KvCacheType.F16, BlockScore.MeanKey, 799, 1)]
    public void SparseAttention_GqaPrefillAndDecode_MatchesScalarReference(KvCacheType type, BlockScore score, int start, int tokens)
    {
        const int heads = 4, kvHeads = 2, dk = 32, dv = 24;
        using var cache = RandomCache(start + tokens, kvHeads, dk, dv, type, 16, 1);
        var q = RandomQueries(tokens, heads, dk, 2);
        var call = new SparseAttentionCall(cache, 0, start, tokens, heads, 1f / MathF.Sqrt(dk), 0, Small with { Score = score }, null);
        var expected = new float[tokens * heads * dv];
        var selections = new List<int[]>();
        SparseAttentionReference.Run(call, q, expected, selections);
        var actual = new float[expected.Length];
        using var backend = new CpuBackend(2);
        backend.SparseAttention(call, q, actual);
        Assert.InRange(RelativeL2(expected, actual), 0, 1e-5);
        Assert.All(selections, s => Assert.Equal(Small.BudgetBlocks, s.Length));   // the budget was binding: really sparse
    }

    [Fact]
    public void SparseAttention_LatentValues_MatchesScalarReference()
    {
        // MLA: one cache "head" of [c (R) | k_pe (Pe)] rows; values are the first R channels of the same rows.
        const int heads = 4, r = 24, pe = 8, start = 300, tokens = 40;
        using var cache = RandomCache(start + tokens, 1, r + pe, 0, KvCacheType.F16, 16, 3);
        var q = RandomQueries(tokens, heads, r + pe, 4);
        var call = new SparseAttentionCall(cache, 0, start, tokens, heads, 0.2f, r, Small, null);
        var expected = new float[tokens * heads * r];
        SparseAttentionReference.Run(call, q, expected);
        var actual = new float[expected.Length];
        using var backend = new CpuBackend(2);
        backend.SparseAttention(call, q, actual);
        Assert.InRange(RelativeL2(expected, actual), 0, 1e-5);
    }

    [Theory]
    [InlineData(KvCacheType.F32, 0, 333)]
    [InlineData(KvCacheType.F16, 250, 83)]
    [InlineData(KvCacheType.F32, 332, 1)]
    public void SparseAttention_BudgetCoversContext_EqualsDenseAttention(KvCacheType type, int start, int tokens)
    {
        const int heads = 6, kvHeads = 3, dk = 16, dv = 16;
        using var cache = RandomCache(start + tokens, kvHeads, dk, dv, type, 16, 5);
        var q = RandomQueries(tokens, heads, dk, 6);
        using var backend = new CpuBackend(2);
        var dense = new float[tokens * heads * dv];
        backend.Attention(q, cache, 0, start, tokens, heads, dense);
        var sparse = new float[dense.Length];
        var options = Small with { Budget = 16 * 21 };   // 21 blocks >= 333 positions
        backend.SparseAttention(new SparseAttentionCall(cache, 0, start, tokens, heads, 1f / MathF.Sqrt(dk), 0, options, null), q, sparse);
        Assert.InRange(RelativeL2(dense, sparse), 0, 1e-6);
    }

    [Fact]
    public void SparseAttention_Explain_CountsBlocksAndMass()
    {
        const int heads = 2, dk = 16, start = 799, tokens = 1;
        using var cache = RandomCache(start + tokens, 1, dk, dk, KvCacheType.F32, 16, 7);
        var q = RandomQueries(tokens, heads, dk, 8);
        var trace = new AttentionTrace(1);
        using var backend = new CpuBackend(2);
        var o = new float[tokens * heads * dk];
        backend.SparseAttention(new SparseAttentionCall(cache, 0, start, tokens, heads, 0.25f, 0, Small with { ExplainMass = true }, trace), q, o);
        var s = trace.Layers[0];
        Assert.Equal((8L, 50L), (s.BlocksRead, s.BlocksTotal));   // 128/16 of 800/16 blocks, one KV group
        Assert.InRange(s.MeanMass, 0.1, 0.999);                    // random keys: mass is spread, part of it left out
        Assert.Contains("blocks read 8/50", trace.Format());
    }

    [Fact]
    public void QuestBound_SimdPaths_EqualScalarAndBoundEveryKey()
    {
        var rng = new Random(11);
        const int n = 77;
        var q = RandomQueries(1, 1, n, 12);
        var keys = Enumerable.Range(0, 20).Select(_ => RandomQueries(1, 1, n, rng.Next())).ToArray();
        var min = Enumerable.Range(0, n).Select(i => keys.Min(k => k[i])).ToArray();
        var max = Enumerable.Range(0, n).Select(i => keys.Max(k => k[i])).ToArray();
        fixed (float* pq = q, pmin = min, pmax = max)
        {
            float scalar = QuestBound.Scalar(pq, pmin, pmax, n);
            Assert.Equal(scalar, QuestBound.Vector128Path(pq, pmin, pmax, n), 3);
            Assert.Equal(scalar, QuestBound.Vector256Path(pq, pmin, pmax, n), 3);
            if (System.Runtime.Intrinsics.Vector512.IsHardwareAccelerated) Assert.Equal(scalar, QuestBound.Vector512Path(pq, pmin, pmax, n), 3);
            foreach (var k in keys) Assert.True(k.Zip(q, (a, b) => a * b).Sum() <= scalar + 1e-3f);
        }
    }
}
