using LongDoc.Runtime.Backends.Cuda.Kernels;
using LongDoc.Runtime.Backends.Cuda.Kernels.Reference;
using LongDoc.Runtime.Weights;

namespace LongDoc.Runtime.Tests.Backends.Cuda.Kernels;

/// <summary>
/// The host side of the grouped expert call, without a GPU: where each array lies in the scratch, that the sort by
/// expert keeps the order Layers/Experts.cs groups tokens in, and that moe_gemm's grid (an upper bound of the tiles,
/// so the routing never comes back to the host) gives every sorted row to exactly one CTA of its own expert.
/// </summary>
public sealed class ExpertPlanTests
{
    [Theory]
    [InlineData(1, 8, 128, 2048, 768)]
    [InlineData(7, 2, 4, 64, 32)]
    [InlineData(512, 6, 64, 2048, 1408)]
    public void Layout_ScratchRegions_DisjointInOrderAndAligned(int tokens, int active, int experts, int hidden, int ffn)
    {
        var p = new ExpertPlan(tokens, active, experts, hidden, ffn, GgmlType.F16, GgmlType.F16);
        int n = tokens * active;
        Assert.Equal(n, p.Rows);
        Assert.Equal(new long[] { n, n + experts + 1, 2L * n + experts + 1, 3L * n + experts + 1 }, new[] { p.OffsetsAt, p.RowSrcAt, p.EntryRowAt, p.Ints });
        Assert.InRange(p.OutputsAt, n, n + 3);
        Assert.Equal(0, p.OutputsAt % 4);
        Assert.Equal(p.OutputsAt + (long)n * hidden, p.RoutedFloats);
        Assert.Equal((long)n * ffn, p.HiddenFloats);
        Assert.Equal((long)tokens * hidden, p.XyFloats);
        Assert.Equal(new MoeGemmShape(n, experts, active, hidden, ffn, GgmlType.F16, true), p.GateUp);
        Assert.Equal(new MoeGemmShape(n, experts, active, ffn, hidden, GgmlType.F16, false), p.Down);
    }

    [Fact]
    public void CheckIds_ExpertOutsideTheLayer_ThrowsNamingEntryAndToken()
    {
        var p = new ExpertPlan(3, 2, 4, 64, 32, GgmlType.Q8_0, GgmlType.Q8_0);
        p.CheckIds([0, 1, 2, 3, 3, 0]);
        var e = Assert.Throws<ArgumentOutOfRangeException>(() => p.CheckIds([0, 1, 2, 4, 3, 0]));
        Assert.Contains("entry 3 (token 1) routes to expert 4 of 4", e.Message);
        Assert.Throws<ArgumentException>(() => p.CheckIds([0, 1, 2]));
    }

    /// <summary>Layers/Experts.cs: expert e's tokens in token order, each token at most once per expert.</summary>
    static List<int>[] GroupLikeExperts(int[] ids, int tokens, int active, int experts)
    {
        var groups = Enumerable.Range(0, experts).Select(_ => new List<int>()).ToArray();
        for (int t = 0; t < tokens; t++)
            for (int k = 0; k < active; k++) groups[ids[t * active + k]].Add(t);
        return groups;
    }

    /// <summary>A routing as the router makes it: A distinct experts per token, skewed so some experts get many rows.</summary>
    static int[] Routing(Random rng, int tokens, int active, int experts)
    {
        var ids = new int[tokens * active];
        for (int t = 0; t < tokens; t++)
        {
            var chosen = new HashSet<int>();
            while (chosen.Count < active) chosen.Add(rng.Next(4) == 0 ? rng.Next(experts) : rng.Next(Math.Min(experts, active + 2)));
            chosen.Order().Select((e, k) => (e, k)).ToList().ForEach(p => ids[t * active + p.k] = p.e);
        }
        return ids;
    }

    [Theory]
    [InlineData(1, 8, 128, 1)]
    [InlineData(37, 2, 4, 2)]
    [InlineData(300, 6, 64, 3)]
    [InlineData(512, 8, 128, 4)]
    public void Permute_RouterIds_SortedRowsFollowTheTokenOrderOfThePerExpertPath(int tokens, int active, int experts, int seed)
    {
        var ids = Routing(new Random(seed), tokens, active, experts);
        var offsets = new int[experts + 1];
        var rowSrc = new int[ids.Length];
        var entryRow = new int[ids.Length];
        MoeReference.Permute(ids, offsets, rowSrc, entryRow, experts);
        var groups = GroupLikeExperts(ids, tokens, active, experts);
        for (int e = 0; e < experts; e++)
        {
            Assert.Equal(groups[e].Count, offsets[e + 1] - offsets[e]);
            Assert.Equal(groups[e], Enumerable.Range(offsets[e], groups[e].Count).Select(r => rowSrc[r] / active));
        }
        for (int n = 0; n < ids.Length; n++) Assert.Equal(n, rowSrc[entryRow[n]]);
    }

    [Theory]
    [InlineData(1, 8, 128, 5)]
    [InlineData(37, 2, 4, 6)]
    [InlineData(300, 6, 64, 7)]
    [InlineData(2048, 8, 128, 8)]
    public void TileWalk_GateUpGrid_EverySortedRowInExactlyOneCtaOfItsExpert(int tokens, int active, int experts, int seed)
    {
        var ids = Routing(new Random(seed), tokens, active, experts);
        var plan = new ExpertPlan(tokens, active, experts, 256, 256, GgmlType.BF16, GgmlType.BF16);
        var offsets = new int[experts + 1];
        var rowSrc = new int[ids.Length];
        MoeReference.Permute(ids, offsets, rowSrc, new int[ids.Length], experts);
        var covered = new int[plan.Rows];
        int grid = (int)MoeGemmLauncher.Configure(plan.GateUp).Grid.X, used = 0;
        for (int cta = 0; cta < grid; cta++)
        {
            var (e, first, end) = ExpertPlan.TileOf(offsets, experts, cta);
            if (e < 0) continue;
            used++;
            for (int r = first; r < Math.Min(first + 64, end); r++)
            {
                covered[r]++;
                Assert.Equal(e, ids[rowSrc[r]]);
            }
        }
        Assert.All(covered, c => Assert.Equal(1, c));
        Assert.Equal(Enumerable.Range(0, experts).Sum(e => (offsets[e + 1] - offsets[e] + 63) / 64), used);
        Assert.Equal(-1, ExpertPlan.TileOf(offsets, experts, grid).Expert);
    }
}
