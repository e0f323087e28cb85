using System.Text;

namespace LongDoc.Documents;

/// <summary>
/// One normalization for all readers, so that spans and citation checks agree: NFC, no control characters,
/// runs of horizontal whitespace collapsed to one space, lines trimmed, at most one blank line kept.
/// </summary>
public static class TextNormalizer
{
    /// <summary>Single-line text (headings, table cells, titles): all whitespace runs become one space.</summary>
    public static string Inline(string text)
    {
        var sb = new StringBuilder(text.Length);
        bool space = false;
        foreach (var c in Clean(text))
        {
            if (char.IsWhiteSpace(c)) { space = sb.Length > 0; continue; }
            if (space) { sb.Append(' '); space = false; }
            sb.Append(c);
        }
        return sb.ToString();
    }

    /// <summary>Multi-line text: lines kept (trimmed, inner whitespace collapsed), blank lines dropped.</summary>
    public static string Block(string text)
    {
        var lines = Clean(text).Split('\n').Select(Inline).Where(l => l.Length > 0);
        return string.Join("\n", lines);
    }

    /// <summary>For comparing quotes with page text: whitespace-insensitive, joins words hyphenated at line ends.</summary>
    public static string ForMatching(string text)
    {
        var s = Clean(text).Replace("-\n", "").Replace("\u00AD", "");
        return Inline(s).ToLowerInvariant();
    }

    static string Clean(string text)
    {
        if (text.Length == 0) return text;
        var s = text.Replace("\r\n", "\n").Replace('\r', '\n');
        try { s = s.Normalize(NormalizationForm.FormC); } catch (ArgumentException) { /* lone surrogates: keep as is */ }
        var sb = new StringBuilder(s.Length);
        foreach (var c in s)
        {
            if (c == '\n' || c == '\t') sb.Append(c);
            else if (c == '\u00A0' || c == '\u2007' || c == '\u202F') sb.Append(' ');
            else if (char.IsControl(c) || c == '\uFEFF' || c == '\u200B') continue;
            else sb.Append(c);
        }
        return sb.ToString();
    }
}
