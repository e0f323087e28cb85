using LongDoc.Runtime.Models;
using LongDoc.Runtime.Sparse;

namespace LongDoc.Runtime.Backends.Cpu;

/// <summary>
/// Phase 1 of block-sparse attention, one chunk per (query block, KV group): pools the block's queries (mean over its
/// tokens, summed over the group's heads, so the group shares one selection), scores the candidate key blocks from the
/// cache's block statistics and selects with <see cref="BlockSelector"/>.
/// Legend: T tokens, H heads, Hkv KV heads, Dk key length, B block, N blocks of the cache, QB query blocks of the batch.
/// Output: Selected (QB, Hkv, N) block lists (ascending), Counts (QB, Hkv).
/// </summary>
internal sealed unsafe class SparseSelectionJob : IParallelJob
{
    public float* Q;               // (T, H*Dk)
    public SparseAttentionCall Call;
    public int FirstQueryBlock;
    public int[] Selected = [];    // (QB, Hkv, N)
    public int[] Counts = [];      // (QB, Hkv)

    [ThreadStatic] static float[]? _scores;
    [ThreadStatic] static float[]? _pooled;
    [ThreadStatic] static int[]? _heap;

    public void Execute(int chunk)
    {
        var c = Call;
        var stats = c.Cache.BlockStatistics ?? throw new InvalidOperationException("sparse attention: the KV cache keeps no block statistics");
        int hkv = c.Cache.KvHeads, g = chunk % hkv, qb = FirstQueryBlock + chunk / hkv, b = stats.Block, n = stats.Blocks;
        int first = Math.Max(c.Start, qb * b), last = Math.Min(c.Start + c.Tokens - 1, qb * b + b - 1);
        int visible = qb + 1, windowFirst = BlockSelector.WindowFirst(first, c.Options.Window, b), budget = c.Options.BudgetBlocks;
        if (_scores is null || _scores.Length < n) _scores = new float[n];
        if (_heap is null || _heap.Length < n) _heap = new int[n];
        if (visible > budget) ScoreCandidates(c, stats, g, first, last, Math.Min(windowFirst, visible - 1));
        int count = BlockSelector.Select(_scores, visible, windowFirst, budget, Selected.AsSpan(chunk * n, n), _heap);
        Counts[chunk] = count;
        c.Trace?.AddBlocks(c.Layer, true, count, visible);
    }

    void ScoreCandidates(in SparseAttentionCall c, KvBlockStatistics stats, int g, int first, int last, int windowFirst)
    {
        int dk = stats.KeyLength, group = c.Heads / c.Cache.KvHeads;
        if (_pooled is null || _pooled.Length < dk) _pooled = new float[dk];
        var pooled = _pooled.AsSpan(0, dk);
        pooled.Clear();
        for (int t = first; t <= last; t++)
            for (int h = g * group; h < (g + 1) * group; h++)
                System.Numerics.Tensors.TensorPrimitives.Add(pooled, new ReadOnlySpan<float>(Q + ((long)(t - c.Start) * c.Heads + h) * dk, dk), pooled);
        System.Numerics.Tensors.TensorPrimitives.Multiply(pooled, 1f / (last - first + 1), pooled);
        fixed (float* pq = pooled)
            for (int blk = 1; blk < windowFirst; blk++)
                _scores![blk] = c.Options.Score == BlockScore.Quest
                    ? QuestBound.Compute(pq, stats.Min(c.Layer, g, blk), stats.Max(c.Layer, g, blk), dk)
                    : DotF32.Dot(pq, stats.Sum(c.Layer, g, blk), dk) / stats.Block;   // blocks before the window are full
    }
}
