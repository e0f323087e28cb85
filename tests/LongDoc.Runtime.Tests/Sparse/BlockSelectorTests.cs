using LongDoc.Runtime.Sparse;

namespace LongDoc.Runtime.Tests.Sparse;

/// <summary>Properties of the block selector over seeded random inputs, scores drawn from few values so ties are common.</summary>
public sealed class BlockSelectorTests
{
    static IEnumerable<(float[] Scores, int Visible, int WindowFirst, int Budget)> Cases(int seed, int count)
    {
        var rng = new Random(seed);
        for (int i = 0; i < count; i++)
        {
            int visible = rng.Next(1, 200), budget = rng.Next(2, 64);
            int windowFirst = rng.Next(0, visible);
            var scores = Enumerable.Range(0, visible).Select(_ => (float)rng.Next(-4, 5)).ToArray();
            yield return (scores, visible, windowFirst, budget);
        }
    }

    static int[] Run(float[] scores, int visible, int windowFirst, int budget)
    {
        var selected = new int[visible];
        int n = BlockSelector.Select(scores, visible, windowFirst, budget, selected, new int[Math.Max(budget, visible)]);
        return selected[..n];
    }

    [Fact]
    public void Select_RandomInputs_SinkAndWindowAlwaysChosen()
    {
        foreach (var (scores, visible, windowFirst, budget) in Cases(1, 2000))
        {
            var chosen = Run(scores, visible, windowFirst, budget);
            Assert.Contains(0, chosen);
            for (int b = Math.Max(windowFirst, 1); b < visible; b++) Assert.Contains(b, chosen);
            Assert.Contains(visible - 1, chosen);   // the query's own block
        }
    }

    [Fact]
    public void Select_RandomInputs_NoFutureBlockAndAscendingDistinct()
    {
        foreach (var (scores, visible, windowFirst, budget) in Cases(2, 2000))
        {
            var chosen = Run(scores, visible, windowFirst, budget);
            Assert.All(chosen, b => Assert.InRange(b, 0, visible - 1));
            for (int i = 1; i < chosen.Length; i++) Assert.True(chosen[i] > chosen[i - 1], "blocks must be strictly ascending");
        }
    }

    [Fact]
    public void Select_RandomInputs_ChoosesTheKHighestWithLowerIndexWinningTies()
    {
        foreach (var (scores, visible, windowFirst, budget) in Cases(3, 2000))
        {
            var chosen = Run(scores, visible, windowFirst, budget);
            if (visible <= budget) { Assert.Equal(Enumerable.Range(0, visible), chosen); continue; }
            int wf = Math.Clamp(windowFirst, 1, visible - 1);
            int k = Math.Min(Math.Max(0, budget - (1 + visible - wf)), wf - 1);
            var expected = Enumerable.Range(1, wf - 1).OrderByDescending(b => scores[b]).ThenBy(b => b).Take(k).Order();
            Assert.Equal(expected, chosen.Where(b => b > 0 && b < wf));
            Assert.Equal(Math.Max(budget, 1 + visible - wf), chosen.Length);
        }
    }

    [Fact]
    public void Select_AllScoresEqual_LowestCandidatesWin()
    {
        var scores = new float[100];
        var chosen = Run(scores, 100, 90, 15);   // 1 sink + 10 window + 4 more
        Assert.Equal([0, 1, 2, 3, 4, .. Enumerable.Range(90, 10)], chosen);
    }

    [Fact]
    public void Select_NaNScore_RanksLast()
    {
        var scores = new float[] { 0, float.NaN, -100, 5, 0, 0 };
        Assert.Equal([0, 2, 3, 4, 5], Run(scores, 6, 5, 5));
    }

    [Fact]
    public void WindowFirst_LastWTokens_IncludesTheirFirstBlock()
    {
        Assert.Equal(0, BlockSelector.WindowFirst(100, 1024, 64));
        Assert.Equal((5000 - 1023) / 64, BlockSelector.WindowFirst(5000, 1024, 64));
        Assert.Equal(78, BlockSelector.WindowFirst(5000, 1, 64));
    }
}
