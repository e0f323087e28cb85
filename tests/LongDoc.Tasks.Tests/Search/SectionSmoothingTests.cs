using LongDoc.Tasks.Passages;
using LongDoc.Tasks.Search;

namespace LongDoc.Tasks.Tests.Search;

public sealed class SectionSmoothingTests
{
    // Passages 0-2 in section A, 3-4 in section B.
    static readonly Passage[] Passages =
    [
        P(0, "A"), P(1, "A"), P(2, "A"), P(3, "B"), P(4, "B"),
    ];

    static Passage P(int index, string section) => new(index, $"s{index}", section, index * 10, index * 10 + 5, 1, [section], index);

    [Fact]
    public void Apply_OneMatch_NeighbourAndSectionBorrowDampedScore()
    {
        var smoothed = new SectionSmoothing(Passages).Apply(new Dictionary<int, (double, double)> { [1] = (2.0, 0.6) });

        Assert.Equal([0, 1, 2], smoothed.Keys.Order());
        Assert.Equal(2.0 + SectionSmoothing.SectionWeight * 2.0, smoothed[1].Score, 9);
        Assert.Equal((SectionSmoothing.NeighbourWeight + SectionSmoothing.SectionWeight) * 2.0, smoothed[0].Score, 9);
        Assert.Equal(smoothed[0].Score, smoothed[2].Score, 9);
        Assert.True(smoothed[1].Score > smoothed[0].Score);
    }

    [Fact]
    public void Apply_MatchAtSectionEnd_NextSectionBorrowsNothing()
    {
        var smoothed = new SectionSmoothing(Passages).Apply(new Dictionary<int, (double, double)> { [2] = (1.0, 0.5) });

        Assert.False(smoothed.ContainsKey(3));
        Assert.Equal(SectionSmoothing.SectionWeight * 1.0, smoothed[0].Score, 9);
    }

    [Fact]
    public void Apply_CoverageIsSectionBest_NeverAboveTheBestMatch()
    {
        var lexical = new Dictionary<int, (double, double)> { [0] = (1.0, 0.3), [1] = (0.5, 0.8), [4] = (0.2, 0.1) };
        var smoothed = new SectionSmoothing(Passages).Apply(lexical);

        Assert.Equal(0.8, smoothed[2].Coverage, 9);
        Assert.Equal(0.1, smoothed[3].Coverage, 9);
        Assert.All(smoothed.Values, v => Assert.True(v.Coverage <= 0.8));
    }
}
