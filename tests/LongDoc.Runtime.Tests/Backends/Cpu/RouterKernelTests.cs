using LongDoc.Runtime.Backends.Cpu;
using LongDoc.Runtime.Layers;
using LongDoc.Runtime.Models;

namespace LongDoc.Runtime.Tests.Backends.Cpu;

/// <summary>The CPU backend's Route follows the router's rules: ties to the lower index, the bias picks without
/// weighing, groups mask, weights renormalized and scaled, and the margin at the boundary reported.</summary>
public sealed class RouterKernelTests
{
    static readonly CpuBackend Backend = new(1);

    [Fact]
    public void Route_SoftmaxTie_LowerExpertFirstAndRenormalized()
    {
        var ids = new int[2];
        var w = new float[2];
        float gap = Backend.Route(new float[] { 1, 3, 2, 3 }, 1, 4, new RouterOptions(2), [], ids, w);
        Assert.Equal(new[] { 1, 3 }, ids);
        Assert.Equal(0.5f, w[0], 1e-6f);
        Assert.Equal(0.5f, w[1], 1e-6f);
        Assert.True(gap > 0 && gap < 1, $"gap {gap}: the second expert's probability over the third's");
    }

    [Fact]
    public void Route_SigmoidWithBiasAndGroups_BiasPicksGroupsMaskScaleWeighs()
    {
        // 4 experts in 2 groups, 1 group used. Group 0 = {0, 1} sums highest only with the bias; weights stay sigmoid(logit).
        var logits = new float[] { 0f, 0f, 1f, 0.5f };
        var bias = new float[] { 2f, 2f, 0f, 0f };
        var ids = new int[2];
        var w = new float[2];
        Backend.Route(logits, 1, 4, new RouterOptions(2, ExpertGating.Sigmoid, Normalize: false, Scale: 2f, Groups: 2, GroupsUsed: 1), bias, ids, w);
        Assert.Equal(new[] { 0, 1 }, ids);
        Assert.Equal(2f * 0.5f, w[0], 1e-6f);
        Assert.Equal(2f * 0.5f, w[1], 1e-6f);
    }

    [Fact]
    public void Route_GroupsNotSplittingExperts_ThrowsNamingThem()
    {
        var e = Assert.Throws<ArgumentException>(() =>
            Backend.Route(new float[6], 1, 6, new RouterOptions(2, Groups: 4, GroupsUsed: 1), [], new int[2], new float[2]));
        Assert.Contains("4 groups (1 used) do not split 6 experts", e.Message);
    }
}
