using LongDoc.Runtime.Tokenizers;

namespace LongDoc.Runtime.Tests.Tokenizers;

public class SpecialTokenSplitterTests
{
    static readonly SpecialTokenSplitter Splitter = new([("<a>", 10, true), ("<a>b", 11, false), ("x", 12, true), ("<|s|>", 13, false)]);

    static string Show(string text, bool parseSpecial)
    {
        var fragments = new List<SpecialTokenSplitter.Fragment>();
        Splitter.Split(text, parseSpecial, fragments);
        return string.Join("|", fragments.Select(f => f.IsText ? text.Substring(f.Start, f.Length) : $"#{f.Id}"));
    }

    [Fact]
    public void Split_SpecialParsingOn_TakesLongestTokenAtEachPosition()
    {
        Assert.Equal("1|#11|2|#10|#12|y|#13", Show("1<a>b2<a>xy<|s|>", parseSpecial: true));
    }

    [Fact]
    public void Split_SpecialParsingOff_KeepsOnlyUserDefinedTokens()
    {
        Assert.Equal("1|#10|b2|#10|#12|y<|s|>", Show("1<a>b2<a>xy<|s|>", parseSpecial: false));
    }
}
