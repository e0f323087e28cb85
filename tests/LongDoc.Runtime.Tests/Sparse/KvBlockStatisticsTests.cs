using LongDoc.Runtime.Models;

namespace LongDoc.Runtime.Tests.Sparse;

/// <summary>The cache's per-block key statistics always equal min, max and sum recomputed from the cached keys.</summary>
public sealed class KvBlockStatisticsTests
{
    const int Layers = 2, Capacity = 100, Heads = 2, Dk = 12, Dv = 5, Block = 8;

    static unsafe void AssertExact(KvCache cache, int positions)
    {
        var stats = cache.BlockStatistics!;
        var key = new float[Dk];
        for (int l = 0; l < Layers; l++)
            for (int h = 0; h < Heads; h++)
                for (int b = 0; b * Block < positions; b++)
                {
                    var rows = Enumerable.Range(b * Block, Math.Min(Block, positions - b * Block)).Select(p => { var k = new float[Dk]; cache.ReadKey(l, h, p, k); return k; }).ToArray();
                    for (int i = 0; i < Dk; i++)
                    {
                        Assert.Equal(rows.Min(r => r[i]), stats.Min(l, h, b)[i]);
                        Assert.Equal(rows.Max(r => r[i]), stats.Max(l, h, b)[i]);
                        Assert.InRange(stats.Sum(l, h, b)[i] - rows.Sum(r => (double)r[i]), -1e-4, 1e-4);   // float sum vs double sum
                    }
                }
    }

    static void StoreRandom(KvCache cache, Random rng, int start, int tokens)
    {
        for (int l = 0; l < Layers; l++)
        {
            var k = Enumerable.Range(0, tokens * Heads * Dk).Select(_ => (float)rng.NextDouble() * 4 - 2).ToArray();
            var v = new float[tokens * Heads * Dv];
            cache.Store(l, start, tokens, k, v);
        }
    }

    [Theory]
    [InlineData(KvCacheType.F32)]
    [InlineData(KvCacheType.F16)]
    public void Store_InUnalignedBatches_StatisticsExact(KvCacheType type)
    {
        using var cache = new KvCache(Layers, Capacity, Heads, Dk, Dv, type, Block);
        var rng = new Random(7);
        int pos = 0;
        foreach (int n in new[] { 5, 1, 11, 3, 20 }) { StoreRandom(cache, rng, pos, n); pos += n; }
        AssertExact(cache, pos);
    }

    [Fact]
    public void Store_OverwritingMidBlockAfterRewind_StaleKeysForgotten()
    {
        using var cache = new KvCache(Layers, Capacity, Heads, Dk, Dv, KvCacheType.F32, Block);
        var rng = new Random(8);
        StoreRandom(cache, rng, 0, 30);
        StoreRandom(cache, rng, 19, 2);   // rewind to 19 and write two tokens: block 2 now holds 16..20 only
        AssertExact(cache, 21);
    }

    [Fact]
    public unsafe void RebuildBlockStatistics_AfterRawWrites_MatchesContents()
    {
        using var cache = new KvCache(Layers, Capacity, Heads, Dk, Dv, KvCacheType.F32, Block);
        var rng = new Random(9);
        StoreRandom(cache, rng, 0, 40);
        for (int p = 0; p < 40; p++) ((float*)cache.Key(1, 0, p))[3] = p;   // as a loader writing the cache directly
        cache.RebuildBlockStatistics(40);
        AssertExact(cache, 40);
        Assert.Equal(39f, cache.BlockStatistics!.Max(1, 0, 4)[3]);
    }

    [Fact]
    public void RebuildBlockStatistics_BeyondCapacity_Throws() =>
        Assert.Throws<ArgumentOutOfRangeException>(() => new KvCache(1, 10, 1, 4, 4, KvCacheType.F32, 4).RebuildBlockStatistics(11));

    [Fact]
    public void NoStatisticsBlock_KeepsNone()
    {
        using var cache = new KvCache(1, 10, 1, 4, 4, KvCacheType.F32);
        Assert.Null(cache.BlockStatistics);
        cache.RebuildBlockStatistics(10);
    }
}
