namespace LongDoc.Documents.Readers.Html;

/// <summary>
/// A quick scan of how deeply the markup nests, before parsing. An HTML parser checks the stack of open elements
/// for many tags, so its time grows with tokens x depth: 2,000 nested divs take about a second, and a hostile
/// megabyte of "&lt;div&gt;" would take hours. Real pages nest a few dozen levels.
/// <para>Elements whose end tags are commonly left out (p, li, td, ...) and void elements (br, img, ...) are not
/// counted, so sloppy but ordinary HTML does not look deep.</para>
/// </summary>
internal static class HtmlNesting
{
    static readonly HashSet<string> NotCounted = new(StringComparer.OrdinalIgnoreCase)
    {
        "area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "param", "source", "track", "wbr",
        "p", "li", "dt", "dd", "tr", "td", "th", "thead", "tbody", "tfoot", "colgroup", "option", "optgroup", "rb", "rt", "rp",
        "html", "head", "body",
    };

    // Their contents are raw text, where '<' is not a tag.
    static readonly string[] RawText = ["script", "style", "textarea", "title", "xmp", "plaintext"];

    /// <summary>The deepest nesting of counted elements (stops counting once past <paramref name="stopAt"/>).</summary>
    public static int MaxDepth(string html, int stopAt)
    {
        int depth = 0, max = 0, i = 0;
        while ((i = html.IndexOf('<', i)) >= 0 && max <= stopAt)
        {
            if (string.CompareOrdinal(html, i, "<!--", 0, 4) == 0) { i = Skip(html, html.IndexOf("-->", i + 4, StringComparison.Ordinal), 3); continue; }
            bool closing = i + 1 < html.Length && html[i + 1] == '/';
            int nameStart = i + (closing ? 2 : 1), nameEnd = nameStart;
            while (nameEnd < html.Length && char.IsAsciiLetterOrDigit(html[nameEnd])) nameEnd++;
            if (nameEnd == nameStart || !char.IsAsciiLetter(html[nameStart])) { i++; continue; }   // "<" in text, "<!doctype", "<?xml"
            var name = html[nameStart..nameEnd];
            int end = TagEnd(html, nameEnd);
            if (end < 0) break;
            bool selfClosing = html[end - 1] == '/';
            i = end + 1;
            if (NotCounted.Contains(name) || selfClosing) continue;
            if (closing) { depth = Math.Max(0, depth - 1); continue; }
            if (RawText.Contains(name, StringComparer.OrdinalIgnoreCase))
            {
                i = Skip(html, html.IndexOf("</" + name, i, StringComparison.OrdinalIgnoreCase), 0);
                continue;
            }
            max = Math.Max(max, ++depth);
        }
        return max;
    }

    static int Skip(string html, int found, int length) => found < 0 ? html.Length : found + length;

    // The '>' ending a tag, ignoring any inside quoted attribute values.
    static int TagEnd(string html, int i)
    {
        char quote = '\0';
        for (; i < html.Length; i++)
        {
            char c = html[i];
            if (quote != '\0') { if (c == quote) quote = '\0'; }
            else if (c is '"' or '\'') quote = c;
            else if (c == '>') return i;
        }
        return -1;
    }
}
