using LongDoc.Runtime.Tokenizers;

namespace LongDoc.Runtime.Tests.Tokenizers;

/// <summary>The hand-written splitters (Qwen2 / Llama 3, DeepSeek-V3) against the regexes they replace (the reference path).</summary>
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
    [InlineData("deepseek-v3")]
    public void Split_MixedTextAndEdgeCases_EqualsRegex(string pre)
    {
        var patterns = PreTokenizerTable.ForGguf(pre, "test").Patterns;
        var fast = PreTokenizerTable.Create(patterns);
        var regex = PreTokenizerTable.Create(patterns, preferFast: false);
        Assert.IsNotType<RegexPreTokenizer>(fast);
        string[] texts =
        [
            TokenizerTestData.MixedText, "", " ", "  ", "a", "   hello", "\t\tx", "  \n  \n  y", "x  ", "1234567", " 12 ab",
            "it's I'LL we'Re 'S 'x '", "!!!\n\nfoo", " ?!\r\n", "𝐀𝐁 𝟙𝟚 🎉🎉 a🎉b", "\u00A0\u2003x\u3000", "a\u0301b", "\uD800x",
            "'Übermut 'Abü \u0301x 日本語・カナ゠ー 〇12345 ~~ a~b \u200D🎉 \u0007x \u0007 ", "x \t\u00A0\ny", "1 2  3",
        ];
        foreach (var t in texts) Assert.Equal(Pieces(regex, t), Pieces(fast, t));
    }
}
