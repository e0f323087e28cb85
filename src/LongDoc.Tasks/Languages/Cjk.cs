using System.Text;

namespace LongDoc.Tasks.Languages;

/// <summary>
/// Chinese and Japanese text has no spaces between words, so it is searched by overlapping character pairs
/// (bigrams: "研究站" is "研究", "究站"), the usual way of indexing CJK text without a dictionary. Function characters
/// (的, 了, 是, and Japanese kana particles) split a question's runs, so a question's pairs are content pairs.
/// </summary>
public static class Cjk
{
    /// <summary>Han ideographs (with extension A and compatibility), hiragana, katakana and the iteration mark 々.</summary>
    public static bool IsCjk(char c) =>
        c is (>= '\u4E00' and <= '\u9FFF') or (>= '\u3400' and <= '\u4DBF') or (>= '\uF900' and <= '\uFAFF')
            or (>= '\u3040' and <= '\u30FF') or '\u3005';

    // Function words that never find an answer: question words and particles.
    static readonly string[] FunctionWords = ["为什么", "什么", "怎么", "怎样", "如何", "哪里", "哪个", "哪些", "多少", "几个", "是否", "吗", "呢", "吧", "的", "了", "是", "在", "和", "与", "及", "或", "也", "都", "就", "这", "那", "哪", "谁", "几", "被", "把"];

    static bool IsKana(char c) => c is >= '\u3040' and <= '\u309F';

    /// <summary>
    /// A run of CJK characters as search terms: its bigrams, or the character itself when alone. With
    /// <paramref name="dropFunctionWords"/> (questions) the run is first cut at function words and hiragana.
    /// </summary>
    public static IEnumerable<string> Terms(string run, bool dropFunctionWords)
    {
        if (!dropFunctionWords) return Grams(run);
        foreach (var word in FunctionWords) run = run.Replace(word, " ", StringComparison.Ordinal);
        var kanaless = new string([.. run.Select(c => IsKana(c) ? ' ' : c)]);
        return kanaless.Split(' ', StringSplitOptions.RemoveEmptyEntries).SelectMany(Grams);
    }

    static IEnumerable<string> Grams(string run)
    {
        if (run.Length == 1) { yield return run; yield break; }
        for (int i = 0; i + 1 < run.Length; i++) yield return run.Substring(i, 2);
    }

    /// <summary>
    /// Text as FTS5 indexes it: every CJK run replaced by its characters and bigrams, space-separated ("研究站" is
    /// "研 究 站 研究 究站"), so that a question's pairs and lone characters both match. Text without CJK is returned as is.
    /// </summary>
    public static string ForIndex(string text)
    {
        if (!text.Any(IsCjk)) return text;
        var sb = new StringBuilder(text.Length * 4);
        int i = 0;
        while (i < text.Length)
        {
            if (!IsCjk(text[i])) { sb.Append(text[i++]); continue; }
            int start = i;
            while (i < text.Length && IsCjk(text[i])) i++;
            var run = text[start..i];
            sb.Append(' ').AppendJoin(' ', run.Select(c => c.ToString())).Append(' ');
            if (run.Length > 1) sb.AppendJoin(' ', Grams(run)).Append(' ');
        }
        return sb.ToString();
    }
}
