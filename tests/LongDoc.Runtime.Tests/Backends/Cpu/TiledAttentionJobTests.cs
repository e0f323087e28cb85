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
        // More threads than KV heads: decode runs one chunk per head (AttentionJob), the reference here.
        using var perHead = new CpuBackend(PerHeadThreads);
        var single = new float[tokens * heads * dv];
        for (int t = 0; t < tokens; t++)
            perHead.Attention(q.AsSpan(t * heads * dk, heads * dk), cache, 0, start + t, 1, heads, single.AsSpan(t * heads * dv, heads * dv));
        for (int t = 0; t < tokens; t++)
        {
            double error = RelativeL2(single.AsSpan(t * heads * dv, heads * dv), prefill.AsSpan(t * heads * dv, heads * dv));
            Assert.True(error < 1e-6, $"token {t} (position {start + t}): relative L2 {error:E2}");
        }
    }

    const int PerHeadThreads = 9;

    /// <summary>Decode with at least as many KV heads as threads runs the tiled job: it must equal one chunk per head.</summary>
    [Theory]
    [InlineData(16, 4, 64, 64, KvCacheType.F16, 0)]
    [InlineData(16, 4, 64, 64, KvCacheType.F16, 700)]       // many blocks, a partial last one
    [InlineData(32, 4, 128, 128, KvCacheType.F16, 129)]     // 8 heads per group: two query tiles
    [InlineData(6, 2, 48, 32, KvCacheType.F32, 95)]         // narrow heads (dk % 16 = 0, not 64), F32 cache used in place
    [InlineData(4, 2, 40, 40, KvCacheType.F32, 33)]         // dk not a multiple of 16: scalar transpose tails
    public void Decode_KvHeadsAtLeastThreads_TiledEqualsPerHead(int heads, int kvHeads, int dk, int dv, KvCacheType type, int position)
    {
        using var cache = RandomCache(position + 1, kvHeads, dk, dv, type, 0, 7);
        var q = RandomQueries(1, heads, dk, 8);
        using var tiled = new CpuBackend(kvHeads);
        using var perHead = new CpuBackend(PerHeadThreads);
        var a = new float[heads * dv];
        var b = new float[heads * dv];
        tiled.Attention(q, cache, 0, position, 1, heads, a);
        perHead.Attention(q, cache, 0, position, 1, heads, b);
        Assert.True(RelativeL2(b, a) < 1e-6, $"relative L2 {RelativeL2(b, a):E2}");
    }

    /// <summary>Block-sparse decode likewise: the tiled job over the selected blocks equals one chunk per head.</summary>
    [Theory]
    [InlineData(16, 4, 64, 64, 700, 256)]
    [InlineData(8, 2, 128, 128, 2000, 512)]
    public void SparseDecode_KvHeadsAtLeastThreads_TiledEqualsPerHead(int heads, int kvHeads, int dk, int dv, int position, int budget)
    {
        using var cache = RandomCache(position + 1, kvHeads, dk, dv, KvCacheType.F16, 64, 9);
        var q = RandomQueries(1, heads, dk, 10);
        var options = new SparseAttentionOptions { Block = 64, Budget = budget, Window = 128, DenseLayers = [] };
        var call = new SparseAttentionCall(cache, 0, position, 1, heads, 1f / MathF.Sqrt(dk), 0, options, null);
        using var tiled = new CpuBackend(kvHeads);
        using var perHead = new CpuBackend(PerHeadThreads);
        var a = new float[heads * dv];
        var b = new float[heads * dv];
        tiled.SparseAttention(call, q, a);
        perHead.SparseAttention(call, q, b);
        Assert.True(RelativeL2(b, a) < 1e-6, $"relative L2 {RelativeL2(b, a):E2}");
    }

    [Theory]
    [InlineData(64, 64)]
    [InlineData(37, 128)]
    [InlineData(64, 192)]
    [InlineData(16, 16)]
    [InlineData(5, 40)]
    public unsafe void Transpose_AnyShape_EqualsScalarWithZeroPadding(int rows, int dk)
    {
        int stride = (rows + AttentionTile.RowAlign - 1) / AttentionTile.RowAlign * AttentionTile.RowAlign;
        var rng = new Random(rows * 1000 + dk);
        var keys = Enumerable.Range(0, rows * dk).Select(_ => (float)(Half)(rng.NextSingle() - 0.5f)).ToArray();
        var halves = keys.Select(k => BitConverter.HalfToUInt16Bits((Half)k)).ToArray();
        var fromF32 = Enumerable.Repeat(float.NaN, dk * stride).ToArray();
        var fromF16 = Enumerable.Repeat(float.NaN, dk * stride).ToArray();
        fixed (float* pk = keys, pt = fromF32, ph = fromF16)
        fixed (ushort* pu = halves)
        {
            TiledAttentionJob.Transpose<F32Elements>((byte*)pk, rows, dk, pt, stride);
            TiledAttentionJob.Transpose<F16Elements>((byte*)pu, rows, dk, ph, stride);
        }
        for (int d = 0; d < dk; d++)
            for (int j = 0; j < stride; j++)
            {
                float expected = j < rows ? keys[j * dk + d] : 0f;
                Assert.Equal(expected, fromF32[d * stride + j]);
                Assert.Equal(expected, fromF16[d * stride + j]);
            }
    }
}
