using LongDoc.Runtime.Tokenizers;

namespace LongDoc.Runtime.Tests.Tokenizers;

/// <summary>The hand-written Qwen2 / Llama 3 splitter against the regex it replaces (the reference path).</summary>
public class WordSplitterTests
{
    static List<string> Pieces(IPreTokenizer p, string text)
    {
        var ranges = new List<(int Start, int Length)>();
        p.Split(text, ranges);
        return ranges.Select(r => text.Substring(r.Start, r.Length)).ToList();
    }

    [Theory]
    [InlineData("qwen2")]
    [InlineData("llama3")]
    public void Split_MixedTextAndEdgeCases_EqualsRegex(string pre)
    {
        var patterns = PreTokenizerTable.ForGguf(pre, "test").Patterns;
        var fast = PreTokenizerTable.Create(patterns);
        var regex = PreTokenizerTable.Create(patterns, preferFast: false);
        Assert.IsType<WordSplitter>(fast);
        string[] texts =
        [
            TokenizerTestData.MixedText, "", " ", "  ", "a", "   hello", "\t\tx", "  \n  \n  y", "x  ", "1234567", " 12 ab",
            "it's I'LL we'Re 'S 'x '", "!!!\n\nfoo", " ?!\r\n", "𝐀𝐁 𝟙𝟚 🎉🎉 a🎉b", "\u00A0\u2003x\u3000", "a\u0301b", "\uD800x",
        ];
        foreach (var t in texts) Assert.Equal(Pieces(regex, t), Pieces(fast, t));
    }
}
