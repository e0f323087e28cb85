using LongDoc.Runtime.Backends.Cuda.Kernels.Reference;

namespace LongDoc.Runtime.Tests.Backends.Cuda.Kernels.Reference;

/// <summary>The selection rules block_select.cu implements: sink, window, top-K by bound, causal, ascending.</summary>
public sealed class BlockSelectionReferenceTests
{
    const int Heads = 4, KvHeads = 2, Dk = 16, Block = 8, Window = 16, TopK = 3;

    static (int[] Sel, int[] N, int Nq, int Ks) Run(int tokens, int start, int seed)
    {
        var rng = new Random(seed);
        int positions = start + tokens, capacity = positions, blocks = (positions + Block - 1) / Block, ks = 1 + Window / Block + 2 + TopK;
        var k = Enumerable.Range(0, KvHeads * capacity * Dk).Select(_ => (float)(rng.NextDouble() * 2 - 1)).ToArray();
        var q = Enumerable.Range(0, tokens * Heads * Dk).Select(_ => (float)(rng.NextDouble() * 2 - 1)).ToArray();
        var kmin = new float[KvHeads * blocks * Dk];
        var kmax = new float[KvHeads * blocks * Dk];
        BlockSelectionReference.Stats(k, kmin, kmax, KvHeads, capacity, Dk, Block, positions, 0, blocks);
        int nq = (tokens + Block - 1) / Block;
        var sel = new int[nq * KvHeads * ks];
        var n = new int[nq * KvHeads];
        BlockSelectionReference.Select(q, kmin, kmax, sel, n, tokens, Heads, KvHeads, Dk, start, Block, blocks, Window, TopK, ks, maxPool: false);
        return (sel, n, nq, ks);
    }

    [Theory]
    [InlineData(1, 200, 1)]
    [InlineData(24, 100, 2)]
    [InlineData(64, 0, 3)]
    public void Select_RandomKeys_SinkWindowAndTopKAscendingNeverFuture(int tokens, int start, int seed)
    {
        var (sel, n, nq, ks) = Run(tokens, start, seed);
        for (int i = 0; i < nq; i++)
            for (int h = 0; h < KvHeads; h++)
            {
                var list = sel.AsSpan((i * KvHeads + h) * ks, n[i * KvHeads + h]).ToArray();
                int pf = start + i * Block, pl = start + Math.Min(tokens, i * Block + Block) - 1;
                int last = pl / Block, winFirst = Math.Max(0, pf - Window + 1) / Block;
                Assert.Contains(0, list);
                for (int j = winFirst; j <= last; j++) Assert.Contains(j, list);
                Assert.All(list, j => Assert.True(j <= last, $"future block {j} > {last}"));
                Assert.Equal(list.Order().Distinct(), list);
                int extra = list.Count(j => j != 0 && j < winFirst);
                Assert.Equal(Math.Min(TopK, Math.Max(0, winFirst - 1)), extra);
            }
    }

    [Fact]
    public void Select_EqualScores_TieGoesToLowerBlocks()
    {
        // All keys equal: every candidate has the same bound, so the lowest-numbered candidates are taken.
        const int positions = 80, blocks = 10, ks = 1 + Window / Block + 2 + TopK;
        var k = Enumerable.Repeat(0.5f, KvHeads * positions * Dk).ToArray();
        var q = Enumerable.Repeat(1f, Heads * Dk).ToArray();
        var kmin = new float[KvHeads * blocks * Dk];
        var kmax = new float[KvHeads * blocks * Dk];
        BlockSelectionReference.Stats(k, kmin, kmax, KvHeads, positions, Dk, Block, positions, 0, blocks);
        var sel = new int[KvHeads * ks];
        var n = new int[KvHeads];
        BlockSelectionReference.Select(q, kmin, kmax, sel, n, 1, Heads, KvHeads, Dk, positions - 1, Block, blocks, Window, TopK, ks, maxPool: false);
        Assert.Equal(new[] { 0, 1, 2, 3, 8, 9 }, sel.AsSpan(0, n[0]).ToArray());
    }

    [Fact]
    public void Stats_PartialLastBlock_UsesOnlyCachedPositions()
    {
        var k = new float[] { 1, 5, -2, 7, 100 };             // (1 head, cap 5, Dk 1); position 4 is not cached yet
        var lo = new float[2];
        var hi = new float[2];
        BlockSelectionReference.Stats(k, lo, hi, 1, 5, 1, 3, 4, 0, 2);
        Assert.Equal(new[] { -2f, 7f }, lo);
        Assert.Equal(new[] { 5f, 7f }, hi);
    }
}
