using System.Text;

namespace LongDoc.Tasks.Citations;

/// <summary>
/// The form in which a quote and a page's text are compared. Extraction and models disagree on details that do not
/// change what is said, so both sides are brought to one form:
/// Unicode compatibility forms (NFKC: ligatures "ﬁ" -> "fi"), case, curly quotes and dashes to ASCII, soft hyphens
/// dropped, a word hyphenated at a line break joined ("inter-\nnational" -> "international"), and every run of
/// whitespace made one space. Letters, digits and other punctuation are kept: "14 November" must not match "4 November".
/// </summary>
public static class QuoteNormalizer
{
    // Characters replaced one for one: typographic forms models and PDFs use interchangeably.
    static readonly Dictionary<char, char> Replacements = new()
    {
        ['\u2018'] = '\'', ['\u2019'] = '\'', ['\u201A'] = '\'', ['\u2032'] = '\'',
        ['\u201C'] = '"', ['\u201D'] = '"', ['\u201E'] = '"', ['\u2033'] = '"',
        ['\u2010'] = '-', ['\u2011'] = '-', ['\u2012'] = '-', ['\u2013'] = '-', ['\u2014'] = '-', ['\u2212'] = '-',
        ['\u00A0'] = ' ', ['\u202F'] = ' ',
    };

    public static string Normalize(string text)
    {
        var source = text.Normalize(NormalizationForm.FormKC);
        var sb = new StringBuilder(source.Length);
        for (int i = 0; i < source.Length; i++)
        {
            char c = Replacements.TryGetValue(source[i], out var r) ? r : source[i];
            if (c == '\u00AD') continue;
            if (c == '-' && IsLineBreakHyphen(source, i, out int next)) { i = next - 1; continue; }
            if (char.IsWhiteSpace(c))
            {
                if (sb.Length > 0 && sb[^1] != ' ') sb.Append(' ');
                continue;
            }
            sb.Append(char.ToLowerInvariant(c));
        }
        if (sb.Length > 0 && sb[^1] == ' ') sb.Length--;
        return sb.ToString();
    }

    // A hyphen after a letter, followed by whitespace that holds a line break, then a letter: the word was split
    // by the line, not by the writer. `next` is the index of that letter.
    static bool IsLineBreakHyphen(string s, int i, out int next)
    {
        next = i + 1;
        if (i == 0 || !char.IsLetter(s[i - 1])) return false;
        bool lineBreak = false;
        while (next < s.Length && char.IsWhiteSpace(s[next])) { lineBreak |= s[next] is '\n' or '\r'; next++; }
        return lineBreak && next < s.Length && char.IsLetter(s[next]);
    }
}
