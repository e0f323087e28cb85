using LongDoc.Runtime.Generation;

namespace LongDoc.Runtime.Tests.Generation;

public sealed class StopStringMatcherTests
{
    static (string Output, StopStringMatcher Matcher) Stream(string[] stops, params string[] pieces)
    {
        var m = new StopStringMatcher(stops);
        string output = string.Concat(pieces.Select(m.Push)) + m.Flush();
        return (output, m);
    }

    [Fact]
    public void Push_StopSplitAcrossPieces_OutputEndsBeforeIt()
    {
        var (output, m) = Stream(["<|end|>"], "Hel", "lo<|e", "nd|>", " more");

        Assert.Equal("Hello", output);
        Assert.True(m.Stopped);
    }

    [Fact]
    public void Push_PossibleStart_IsHeldBackUntilRuledOut()
    {
        var m = new StopStringMatcher(["<|end|>"]);

        Assert.Equal("a", m.Push("a<|"));
        Assert.Equal("<|x", m.Push("x"));
        Assert.False(m.Stopped);
    }

    [Fact]
    public void Flush_UnfinishedStop_ReleasesHeldText()
    {
        var (output, m) = Stream(["<|end|>"], "ab<|e");

        Assert.Equal("ab<|e", output);
        Assert.False(m.Stopped);
    }

    [Fact]
    public void Push_TwoStops_EarliestInTextWins()
    {
        var (output, _) = Stream(["STOP", "\n\n"], "one\n", "\ntwo STOP");

        Assert.Equal("one", output);
    }

    [Fact]
    public void Push_NoStops_PassesEverythingThrough()
    {
        var (output, m) = Stream([], "a<|", "end|>");

        Assert.Equal("a<|end|>", output);
        Assert.False(m.Stopped);
    }

    [Fact]
    public void Push_AfterStop_IgnoresInput()
    {
        var m = new StopStringMatcher(["x"]);
        m.Push("ax");

        Assert.Equal("", m.Push("more"));
        Assert.Equal("", m.Flush());
    }
}
