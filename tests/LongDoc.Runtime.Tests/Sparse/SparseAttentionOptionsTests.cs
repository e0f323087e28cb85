using LongDoc.Runtime.Sparse;

namespace LongDoc.Runtime.Tests.Sparse;

public sealed class SparseAttentionOptionsTests
{
    [Fact]
    public void Defaults_MatchDesign()
    {
        var o = new SparseAttentionOptions();
        Assert.Equal((AttentionMode.Auto, 64, 4096, 1024, BlockScore.Quest), (o.Mode, o.Block, o.Budget, o.Window, o.Score));
        Assert.Equal([0, 1], o.DenseLayers);
        o.Validate();
    }

    [Theory]
    [InlineData(AttentionMode.Auto, true, AttentionMode.Native)]
    [InlineData(AttentionMode.Auto, false, AttentionMode.Sparse)]
    [InlineData(AttentionMode.Dense, true, AttentionMode.Dense)]
    [InlineData(AttentionMode.Sparse, true, AttentionMode.Sparse)]
    [InlineData(AttentionMode.Native, false, AttentionMode.Native)]
    public void Resolve_ModelWithOrWithoutTrainedSparsity_AutoOnlyMadeConcrete(AttentionMode mode, bool trainedSparse, AttentionMode expected)
    {
        var o = new SparseAttentionOptions { Mode = mode }.Resolve(trainedSparse);
        Assert.Equal(expected, o.Mode);
        Assert.False(o.IsSparse(5, 100_000) && expected != AttentionMode.Sparse, "only Sparse runs the block-sparse op");
    }

    [Theory]
    [InlineData(0, 4096, 1024, "block")]
    [InlineData(64, 1000, 1024, "budget")]
    [InlineData(64, 4096, 0, "window")]
    public void Validate_OutOfRange_NamesTheSetting(int block, int budget, int window, string name)
    {
        var e = Assert.Throws<ArgumentException>(() => new SparseAttentionOptions { Block = block, Budget = budget, Window = window }.Validate());
        Assert.Contains(name, e.Message);
    }

    [Fact]
    public void IsSparse_DenseLayerShortContextOrDenseMode_False()
    {
        var o = new SparseAttentionOptions { Mode = AttentionMode.Sparse };
        Assert.False(o.IsSparse(1, 10000));
        Assert.False(o.IsSparse(2, 4095));
        Assert.True(o.IsSparse(2, 4096));
        Assert.False(SparseAttentionOptions.Dense.IsSparse(2, 10000));
        Assert.True((o with { DenseBelowBudget = false }).IsSparse(2, 10));
    }

    [Theory]
    [InlineData("0,1", new[] { 0, 1 })]
    [InlineData(" 3 , 5 ", new[] { 3, 5 })]
    [InlineData("none", new int[0])]
    [InlineData("", new int[0])]
    public void ParseLayers_Valid_Indices(string text, int[] expected) => Assert.Equal(expected, SparseAttentionOptions.ParseLayers(text));

    [Fact]
    public void ParseLayers_NotANumber_ClearError() =>
        Assert.Contains("\"x\"", Assert.Throws<ArgumentException>(() => SparseAttentionOptions.ParseLayers("0,x")).Message);
}
