using LongDoc.Runtime.Backends;
using LongDoc.Runtime.Sparse;
using LongDoc.Runtime.Backends.Cpu;
using LongDoc.Runtime.Models;
using static LongDoc.Runtime.Tests.Backends.Cpu.SparseAttentionOpTests;

namespace LongDoc.Runtime.Tests.Backends.Cpu;

/// <summary>Dense prefill (the tiled job) against the per-query decode op, token by token, on the same cache.</summary>
public sealed class TiledAttentionJobTests
{
    [Theory]
    [InlineData(4, 2, 64, 64, KvCacheType.F32, 0, 40)]       // the quantized oracle's moe shape
    [InlineData(4, 2, 64, 64, KvCacheType.F32, 12, 20)]      // second micro-batch, unaligned
    [InlineData(16, 4, 64, 64, KvCacheType.F16, 37, 150)]    // bench shape, spans query blocks
    [InlineData(3, 3, 16, 24, KvCacheType.F32, 5, 70)]       // MHA, 3 rows per token (padded tile), narrow heads
    [InlineData(8, 1, 128, 128, KvCacheType.F16, 0, 130)]    // one KV head for 8 heads: several slices per block
    public void DensePrefill_EveryShape_EqualsPerTokenAttention(int heads, int kvHeads, int dk, int dv, KvCacheType type, int start, int tokens)
    {
        using var cache = RandomCache(start + tokens, kvHeads, dk, dv, type, 0, 3);
        var q = RandomQueries(tokens, heads, dk, 4);
        using var backend = new CpuBackend(2);
        var prefill = new float[tokens * heads * dv];
        backend.Attention(q, cache, 0, start, tokens, heads, prefill);
        var single = new float[tokens * heads * dv];
        for (int t = 0; t < tokens; t++)
            backend.Attention(q.AsSpan(t * heads * dk, heads * dk), cache, 0, start + t, 1, heads, single.AsSpan(t * heads * dv, heads * dv));
        for (int t = 0; t < tokens; t++)
        {
            double error = RelativeL2(single.AsSpan(t * heads * dv, heads * dv), prefill.AsSpan(t * heads * dv, heads * dv));
            Assert.True(error < 1e-6, $"token {t} (position {start + t}): relative L2 {error:E2}");
        }
    }
}

/// <summary>The cache layout at 128k positions: 64-bit offsets everywhere, sparse decode and dense prefill at the far end.</summary>
public sealed class LongCacheTests
{
    [Fact]
    public void KvCache_128kPositions_SparseDecodeAndDensePrefillAtTheEndMatchPerTokenDense()
    {
        const int positions = 131072, heads = 2, kvHeads = 1, dk = 16, dv = 16, tokens = 3;
        using var cache = RandomCache(positions, kvHeads, dk, dv, KvCacheType.F16, 64, 5);
        Assert.Equal(positions / 64, cache.BlockStatistics!.Blocks);
        var q = RandomQueries(tokens, heads, dk, 6);
        using var backend = new CpuBackend(2);
        int start = positions - tokens;

        var dense = new float[tokens * heads * dv];
        for (int t = 0; t < tokens; t++)
            backend.Attention(q.AsSpan(t * heads * dk, heads * dk), cache, 0, start + t, 1, heads, dense.AsSpan(t * heads * dv, heads * dv));
        var prefill = new float[dense.Length];
        backend.Attention(q, cache, 0, start, tokens, heads, prefill);
        // 131k softmax terms summed in another order (per key block vs one vector sum): ~sqrt(n) ulps, measured 8.9e-6.
        Assert.InRange(RelativeL2(dense, prefill), 0, 5e-5);

        // Budget above the context: the sparse op reads every block and must equal dense at the last positions.
        var all = new SparseAttentionOptions { Block = 64, Budget = positions, Window = 1024, DenseLayers = [] };
        var sparse = new float[dense.Length];
        backend.SparseAttention(new SparseAttentionCall(cache, 0, start, tokens, heads, 1f / MathF.Sqrt(dk), 0, all, null), q, sparse);
        Assert.InRange(RelativeL2(dense, sparse), 0, 5e-5);
    }
}
