using LongDoc.Runtime.Backends.Cuda;

namespace LongDoc.Runtime.Tests.Backends.Cuda;

/// <summary>DeviceWeights' lookup by host address: a whole expert tensor serves each expert's matrix inside it.</summary>
public sealed class HostRangesTests
{
    [Fact]
    public void TryFind_SpanInsideARange_ThatRangeAndTheOffset()
    {
        var r = new HostRanges<string>();
        r.Add(1000, 400, "experts");
        r.Add(100, 50, "norm");
        r.Add(5000, 10, "output");
        Assert.True(r.TryFind(1100, 100, out var v, out long offset));
        Assert.Equal(("experts", 100L), (v, offset));
        Assert.True(r.TryFind(1300, 100, out v, out offset));   // the last expert ends where the tensor ends
        Assert.Equal(("experts", 300L), (v, offset));
        Assert.True(r.TryFind(100, 50, out v, out offset));
        Assert.Equal(("norm", 0L), (v, offset));
    }

    [Theory]
    [InlineData(1350, 100)]   // runs past the end of the tensor
    [InlineData(900, 200)]    // starts before it
    [InlineData(150, 10)]     // just after a range
    [InlineData(50, 10)]      // before every range
    [InlineData(6000, 1)]     // after every range
    public void TryFind_SpanNotWhollyInOneRange_NotFound(long start, long bytes)
    {
        var r = new HostRanges<string>();
        r.Add(1000, 400, "experts");
        r.Add(100, 50, "norm");
        r.Add(5000, 10, "output");
        Assert.False(r.TryFind((nint)start, bytes, out var v, out _));
        Assert.Null(v);
    }

    [Fact]
    public void Add_WholeAfterItsParts_ReplacesAndReturnsTheParts()
    {
        var r = new HostRanges<string>();
        r.Add(1000, 100, "e0");
        r.Add(1100, 100, "e1");
        r.Add(2000, 100, "other");
        var parts = r.Add(1000, 200, "whole");
        Assert.Equal(new[] { "e0", "e1" }, parts.Select(p => p.Value));
        Assert.Equal(new[] { "whole", "other" }, r.Values);
        Assert.True(r.TryFind(1100, 100, out var v, out long offset));
        Assert.Equal(("whole", 100L), (v, offset));
    }

    [Fact]
    public void Add_PartialOverlap_Throws()
    {
        var r = new HostRanges<string>();
        r.Add(1000, 100, "a");
        Assert.Throws<ArgumentException>(() => r.Add(1050, 100, "b"));
        Assert.Throws<ArgumentException>(() => r.Add(950, 100, "c"));
        Assert.Single(r.Values);
    }
}
