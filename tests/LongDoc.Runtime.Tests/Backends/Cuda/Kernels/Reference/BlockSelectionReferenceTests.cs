using LongDoc.Runtime.Backends.Cuda.Kernels;
using LongDoc.Runtime.Backends.Cuda.Kernels.Reference;
using LongDoc.Runtime.Sparse;

namespace LongDoc.Runtime.Tests.Backends.Cuda.Kernels.Reference;

/// <summary>The selection rules block_select.cu implements: sink, window, best others within the budget, causal, ascending.</summary>
public sealed class BlockSelectionReferenceTests
{
    const int Heads = 4, KvHeads = 2, Dk = 16, Block = 8, Window = 16, BudgetBlocks = 6;

    static (int[] Sel, int[] N, BlockSelectShape Shape) Run(int tokens, int start, int seed)
    {
        var rng = new Random(seed);
        int positions = start + tokens, capacity = positions, blocks = (positions + Block - 1) / Block;
        var k = Enumerable.Range(0, KvHeads * capacity * Dk).Select(_ => (float)(rng.NextDouble() * 2 - 1)).ToArray();
        var q = Enumerable.Range(0, tokens * Heads * Dk).Select(_ => (float)(rng.NextDouble() * 2 - 1)).ToArray();
        var (kmin, kmax, ksum) = (new float[KvHeads * blocks * Dk], new float[KvHeads * blocks * Dk], new float[KvHeads * blocks * Dk]);
        BlockSelectionReference.Stats(k, kmin, kmax, ksum, KvHeads, capacity, Dk, Block, positions, 0, blocks);
        var shape = new BlockSelectShape(tokens, Heads, KvHeads, Dk, start, Block, blocks, Window, BudgetBlocks,
            AttentionShapes.ListCapacity(Block, Window, BudgetBlocks), BlockScore.Quest);
        var sel = new int[shape.QueryBlocks * KvHeads * shape.MaxSelected];
        var n = new int[shape.QueryBlocks * KvHeads];
        BlockSelectionReference.Select(shape, q, kmin, kmax, ksum, sel, n);
        return (sel, n, shape);
    }

    [Theory]
    [InlineData(1, 200, 1)]
    [InlineData(24, 100, 2)]     // 100 is not a multiple of 8: the first query block holds 4 of the chunk's tokens
    [InlineData(64, 0, 3)]
    public void Select_RandomKeys_SinkWindowAndBudgetAscendingNeverFuture(int tokens, int start, int seed)
    {
        var (sel, n, s) = Run(tokens, start, seed);
        Assert.Equal((start + tokens - 1) / Block - start / Block + 1, s.QueryBlocks);
        for (int i = 0; i < s.QueryBlocks; i++)
            for (int h = 0; h < KvHeads; h++)
            {
                var list = sel.AsSpan((i * KvHeads + h) * s.MaxSelected, n[i * KvHeads + h]).ToArray();
                int qb = start / Block + i, first = Math.Max(start, qb * Block), visible = qb + 1;
                Assert.Equal(list.Order().Distinct(), list);
                Assert.All(list, j => Assert.True(j <= qb, $"future block {j} > {qb}"));
                if (visible <= BudgetBlocks)
                {
                    Assert.Equal(Enumerable.Range(0, visible), list);
                    continue;
                }
                int winFirst = Math.Clamp(Math.Max(0, first - Window + 1) / Block, 1, visible - 1);
                Assert.Contains(0, list);
                for (int j = winFirst; j <= qb; j++) Assert.Contains(j, list);
                Assert.Equal(Math.Max(BudgetBlocks, 1 + visible - winFirst), list.Length);
            }
    }

    [Fact]
    public void Select_EqualScores_TieGoesToLowerBlocks()
    {
        // All keys equal: every candidate has the same bound, so the lowest-numbered candidates are taken.
        const int positions = 80, blocks = 10;
        var k = Enumerable.Repeat(0.5f, KvHeads * positions * Dk).ToArray();
        var q = Enumerable.Repeat(1f, Heads * Dk).ToArray();
        var (kmin, kmax, ksum) = (new float[KvHeads * blocks * Dk], new float[KvHeads * blocks * Dk], new float[KvHeads * blocks * Dk]);
        BlockSelectionReference.Stats(k, kmin, kmax, ksum, KvHeads, positions, Dk, Block, positions, 0, blocks);
        var shape = new BlockSelectShape(1, Heads, KvHeads, Dk, positions - 1, Block, blocks, Window, BudgetBlocks, 8, BlockScore.Quest);
        var sel = new int[KvHeads * 8];
        var n = new int[KvHeads];
        BlockSelectionReference.Select(shape, q, kmin, kmax, ksum, sel, n);
        // Window of 16 tokens at position 79: blocks 8, 9; sink 0; budget 6 leaves 3 for candidates 1..7.
        Assert.Equal(new[] { 0, 1, 2, 3, 8, 9 }, sel.AsSpan(0, n[0]).ToArray());
    }

    [Fact]
    public void Select_NaNScores_RankLast()
    {
        // Candidate 1's statistics are NaN: the best two of 2..7 (by the mean key, rising with the block) are taken.
        const int positions = 80, blocks = 10;
        var ksum = new float[blocks * Dk];
        for (int j = 0; j < blocks; j++) Array.Fill(ksum, j, j * Dk, Dk);
        Array.Fill(ksum, float.NaN, Dk, Dk);
        var q = Enumerable.Repeat(1f, 2 * Dk).ToArray();
        var shape = new BlockSelectShape(1, 2, 1, Dk, positions - 1, Block, blocks, Window, 5, 8, BlockScore.MeanKey);
        var sel = new int[8];
        var n = new int[1];
        BlockSelectionReference.Select(shape, q, new float[blocks * Dk], new float[blocks * Dk], ksum, sel, n);
        Assert.Equal(new[] { 0, 6, 7, 8, 9 }, sel.AsSpan(0, n[0]).ToArray());
    }

    [Fact]
    public void Stats_PartialLastBlock_UsesOnlyCachedPositions()
    {
        var k = new float[] { 1, 5, -2, 7, 100 };             // (1 head, cap 5, Dk 1); position 4 is not cached yet
        var (lo, hi, sum) = (new float[2], new float[2], new float[2]);
        BlockSelectionReference.Stats(k, lo, hi, sum, 1, 5, 1, 3, 4, 0, 2);
        Assert.Equal(new[] { -2f, 7f }, lo);
        Assert.Equal(new[] { 5f, 7f }, hi);
        Assert.Equal(new[] { 4f, 7f }, sum);
    }
}
