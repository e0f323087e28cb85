using System.Text.RegularExpressions;

namespace LongDoc.Tasks.Passages;

/// <summary>
/// Cuts prose into sentences: a sentence ends at . ! ? (optionally followed by a closing quote or bracket) and
/// whitespace, or at a line break, unless the word before the full stop is an abbreviation ("Dr.", "e.g.") or an
/// initial ("J."), because names like "Dr. Ingrid Solvang" are exactly what questions ask about.
/// Spans are offsets into the given text, whitespace between sentences excluded.
/// </summary>
public static partial class SentenceSplitter
{
    // Lower-case, without the full stop. Titles, common Latin abbreviations, and ship prefixes.
    static readonly HashSet<string> Abbreviations = new(StringComparer.OrdinalIgnoreCase)
    {
        "dr", "mr", "mrs", "ms", "prof", "st", "mt", "no", "nos", "vol", "fig", "figs", "eg", "e.g", "ie", "i.e",
        "etc", "vs", "approx", "ca", "cf", "jr", "sr", "inc", "ltd", "co", "corp", "dept", "rv", "hms", "mv", "p", "pp",
    };

    public static IEnumerable<(int Start, int End)> Split(string text)
    {
        int start = 0;
        foreach (Match m in Boundary().Matches(text))
        {
            if (m.Value[0] != '\n' && IsAbbreviationBefore(text, m.Index)) continue;
            int end = Trim(text, start, m.Index);
            if (end > start) yield return (start, end);
            start = m.Index + m.Length;
        }
        int last = Trim(text, start, text.Length);
        if (last > start) yield return (start, last);
    }

    static int Trim(string text, int start, int end)
    {
        while (end > start && char.IsWhiteSpace(text[end - 1])) end--;
        return end;
    }

    // The boundary starts right after the punctuation; look back over closing marks to the full stop and its word.
    static bool IsAbbreviationBefore(string text, int boundary)
    {
        int i = boundary - 1;
        while (i >= 0 && "\"'”’)]".Contains(text[i])) i--;
        if (i < 0 || text[i] != '.') return false;
        int wordEnd = i, wordStart = i;
        while (wordStart > 0 && (char.IsLetter(text[wordStart - 1]) || text[wordStart - 1] == '.')) wordStart--;
        var word = text[wordStart..wordEnd];
        if (word.Length == 1 && char.IsUpper(word[0])) return true;   // an initial: "J. Smith"
        return Abbreviations.Contains(word);
    }

    [GeneratedRegex(@"(?<=[.!?。！？][""'”’)\]]?)\s+|\n")]
    private static partial Regex Boundary();
}
