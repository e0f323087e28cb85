using LongDoc.Runtime.Backends;
using LongDoc.Runtime.Backends.Cpu;
using LongDoc.Runtime.Backends.Cuda.Kernels;
using LongDoc.Runtime.Backends.Cuda.Kernels.Reference;
using LongDoc.Runtime.Models;
using LongDoc.Runtime.Sparse;

namespace LongDoc.Runtime.Tests.Backends.Cuda.Kernels.Reference;

/// <summary>
/// The link between the device and the CPU: <see cref="BlockSelectionReference"/> (the oracle block_stats.cu and
/// block_select.cu are checked against on a GPU) produces exactly the statistics and block lists of the CPU op
/// (<see cref="SparseSelectionJob"/> over the cache's <see cref="KvBlockStatistics"/>), so a device that passes its
/// self-test reads the blocks the CPU reads. Random F16 caches and queries, unaligned chunks and decode.
/// </summary>
public sealed unsafe class CpuSelectionLinkTests
{
    const int Heads = 4, KvHeads = 2, Dk = 16, Layer = 1;

    sealed record Case(KvCache Cache, float[] Q, SparseAttentionCall Call, float[] K) : IDisposable
    {
        public void Dispose() => Cache.Dispose();
    }

    /// <summary>A 2-layer F16 cache with positions 0..start+T-1 stored, q (T, H*Dk), and the keys as (Hkv, cap, Dk) f32.</summary>
    static Case Make(int start, int tokens, int block, int window, int budget, BlockScore score, int seed)
    {
        var rng = new Random(seed);
        int positions = start + tokens, capacity = positions + 5;
        float[] Rand(int n) => [.. Enumerable.Range(0, n).Select(_ => (float)(rng.NextDouble() * 2 - 1))];
        var cache = new KvCache(2, capacity, KvHeads, Dk, Dk, KvCacheType.F16, block);
        cache.Store(Layer, 0, positions, Rand(positions * KvHeads * Dk), Rand(positions * KvHeads * Dk));
        var k = new float[KvHeads * capacity * Dk];
        for (int h = 0; h < KvHeads; h++)
            for (int p = 0; p < positions; p++) cache.ReadKey(Layer, h, p, k.AsSpan((h * capacity + p) * Dk, Dk));
        var options = new SparseAttentionOptions { Block = block, Window = window, Budget = budget, Score = score, DenseBelowBudget = false };
        var call = new SparseAttentionCall(cache, Layer, start, tokens, Heads, 0.25f, 0, options, null);
        return new(cache, Rand(tokens * Heads * Dk), call, k);
    }

    public static TheoryData<int, int, int, int, int, BlockScore> Cases() => new()
    {
        { 0, 200, 8, 16, 48, BlockScore.Quest },      // prefill from 0: early blocks read everything, later ones select
        { 37, 150, 8, 16, 48, BlockScore.Quest },     // unaligned start: the first query block holds 3 of the chunk's tokens
        { 203, 1, 8, 16, 48, BlockScore.Quest },      // decode
        { 100, 29, 8, 24, 40, BlockScore.MeanKey },
        { 250, 1, 8, 16, 64, BlockScore.MeanKey },    // decode, mean key
        { 70, 230, 16, 40, 96, BlockScore.Quest },    // window straddling blocks
        { 333, 1, 16, 16, 32, BlockScore.Quest },     // budget = sink + window: no candidate taken
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void Select_RandomCacheAndQueries_EqualsCpuSparseSelectionJob(int start, int tokens, int block, int window, int budget, BlockScore score)
    {
        using var c = Make(start, tokens, block, window, budget, score, start * 31 + tokens);
        var stats = c.Cache.BlockStatistics!;
        int lists = AttentionShapes.QueryBlocks(start, tokens, block) * KvHeads, n = stats.Blocks;
        var job = new SparseSelectionJob { Call = c.Call, FirstQueryBlock = start / block, Selected = new int[lists * n], Counts = new int[lists] };
        fixed (float* q = c.Q)
        {
            job.Q = q;
            for (int chunk = 0; chunk < lists; chunk++) job.Execute(chunk);
        }

        int positions = start + tokens, blocks = (positions + block - 1) / block;
        var (kmin, kmax, ksum) = (new float[KvHeads * blocks * Dk], new float[KvHeads * blocks * Dk], new float[KvHeads * blocks * Dk]);
        BlockSelectionReference.Stats(c.K, kmin, kmax, ksum, KvHeads, c.Cache.Capacity, Dk, block, positions, 0, blocks);
        var shape = new BlockSelectShape(tokens, Heads, KvHeads, Dk, start, block, blocks, window, c.Call.Options.BudgetBlocks,
            Math.Min(AttentionShapes.ListCapacity(block, window, c.Call.Options.BudgetBlocks), blocks), score);
        var sel = new int[shape.QueryBlocks * KvHeads * shape.MaxSelected];
        var count = new int[shape.QueryBlocks * KvHeads];
        BlockSelectionReference.Select(shape, c.Q, kmin, kmax, ksum, sel, count);

        Assert.Equal(lists, count.Length);
        bool selective = false;
        for (int l = 0; l < lists; l++)
        {
            var cpu = job.Selected.AsSpan(l * n, job.Counts[l]).ToArray();
            var reference = sel.AsSpan(l * shape.MaxSelected, count[l]).ToArray();
            Assert.True(cpu.SequenceEqual(reference), $"list {l} (query block {start / block + l / KvHeads}, group {l % KvHeads}): CPU [{string.Join(",", cpu)}] reference [{string.Join(",", reference)}]");
            selective |= cpu.Length < l / KvHeads + start / block + 1;
        }
        Assert.True(selective, "no list skipped a block: the case does not exercise the selection");
    }

    [Theory]
    [InlineData(0, 77, 8)]
    [InlineData(30, 100, 16)]
    public void Stats_RandomCache_EqualCpuBlockStatisticsExactly(int start, int tokens, int block)
    {
        using var c = Make(start, tokens, block, 16, 48, BlockScore.Quest, tokens);
        var stats = c.Cache.BlockStatistics!;
        int positions = start + tokens, blocks = (positions + block - 1) / block;
        var (kmin, kmax, ksum) = (new float[KvHeads * blocks * Dk], new float[KvHeads * blocks * Dk], new float[KvHeads * blocks * Dk]);
        BlockSelectionReference.Stats(c.K, kmin, kmax, ksum, KvHeads, c.Cache.Capacity, Dk, block, positions, 0, blocks);
        for (int h = 0; h < KvHeads; h++)
            for (int b = 0; b < blocks; b++)
            {
                int at = (h * blocks + b) * Dk;
                Assert.Equal(new ReadOnlySpan<float>(stats.Min(Layer, h, b), Dk).ToArray(), kmin.AsSpan(at, Dk).ToArray());
                Assert.Equal(new ReadOnlySpan<float>(stats.Max(Layer, h, b), Dk).ToArray(), kmax.AsSpan(at, Dk).ToArray());
                Assert.Equal(new ReadOnlySpan<float>(stats.Sum(Layer, h, b), Dk).ToArray(), ksum.AsSpan(at, Dk).ToArray());
            }
    }
}
