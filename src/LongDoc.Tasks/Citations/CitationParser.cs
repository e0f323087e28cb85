using System.Text.RegularExpressions;
using LongDoc.Documents;
using LongDoc.Tasks.Passages;

namespace LongDoc.Tasks.Citations;

/// <summary>
/// Finds the citations in a model's answer. A citation is a page marker - "[p. 12]", "[p 12]", "[page 12]",
/// "[pp. 12-13]" (pages 12 to 13: a quote over a page break; a wider range, or one past the last page, cites its first page), also in round brackets - and its quote is the last double-quoted text
/// ("..." or “...”) between the previous marker and this one; without one, the sentence the marker closes.
/// The section is looked up in the document: the heading path of the block on that page that holds the quote
/// ("" when none does; the verifier will then say the quote is not on that page either).
/// Citations are returned unverified; run them through <see cref="CitationVerifier"/>.
/// </summary>
public static partial class CitationParser
{
    public static IReadOnlyList<Citation> Parse(string answer, Document document) =>
        [.. Quotes(answer, Marker()).Select(q => Make(q.Marker, q.Quote, document))];

    /// <summary>
    /// The citations of an answer about several documents: markers name the document as "[D2, p. 12]" (also "[D2 p.
    /// 12]", "[D2: pp. 12-13]"), D2 the second of <paramref name="documents"/>; the quote is found as for one document.
    /// A marker naming no document of the list is skipped. Returns each citation with its document's index.
    /// </summary>
    public static IReadOnlyList<(int Document, Citation Citation)> Parse(string answer, IReadOnlyList<Document> documents) =>
        [.. Quotes(answer, CollectionMarker())
            .Select(q => (Index: Number(q.Marker.Groups["doc"].Value) - 1, q.Marker, q.Quote))
            .Where(q => q.Index >= 0 && q.Index < documents.Count)
            .Select(q => (q.Index, Make(q.Marker, q.Quote, documents[q.Index])))];

    // Each marker with its quote: the last double-quoted text since the previous marker, else the sentence it closes.
    static IEnumerable<(Match Marker, string Quote)> Quotes(string answer, Regex markers)
    {
        int previous = 0;
        foreach (Match marker in markers.Matches(answer))
        {
            var before = answer[previous..marker.Index];
            previous = marker.Index + marker.Length;
            var quote = LastQuoted(before) ?? LastSentence(before);
            if (quote.Length > 0) yield return (marker, quote);
        }
    }

    static Citation Make(Match marker, string quote, Document document)
    {
        int page = Number(marker.Groups["page"].Value);
        int last = marker.Groups["last"].Success ? Number(marker.Groups["last"].Value) : page;
        return new Citation(page, SectionOf(document, page, quote), quote) { LastPage = last == page + 1 && last <= document.PageCount ? last : page };
    }

    static int Number(string digits) => int.Parse(digits, System.Globalization.CultureInfo.InvariantCulture);

    static string? LastQuoted(string text)
    {
        var quotes = Quoted().Matches(text);
        return quotes.Count == 0 ? null : quotes[^1].Groups["q"].Value.Trim();
    }

    // The text after the last sentence end, list bullet or line break before the marker.
    static string LastSentence(string text)
    {
        var trimmed = text.TrimEnd(' ', '\t', ',', ';', ':');
        int start = 0;
        foreach (Match m in SentenceStart().Matches(trimmed)) start = m.Index + m.Length;
        return trimmed[start..].Trim().TrimStart('-', '*', ' ').Trim();
    }

    /// <summary>The " > "-joined heading path of the first block on <paramref name="page"/> that holds the quote, or "".</summary>
    public static string SectionOf(Document document, int page, string quote)
    {
        var wanted = QuoteNormalizer.Normalize(quote.Split(["...", "…"], StringSplitOptions.None)[0]);
        if (wanted.Length == 0) return "";
        foreach (var block in document.Blocks)
        {
            if (!block.Pages.Contains(page)) continue;
            var text = QuoteNormalizer.Normalize(block.Text);
            if (text.Contains(wanted, StringComparison.Ordinal))
                return SectionPath.Format(block.Kind == BlockKind.Heading ? [.. block.Section, block.Text] : block.Section);
        }
        return "";
    }

    [GeneratedRegex(@"[\[(]\s*(?:pp?\.?|pages?)\s*(?<page>\d{1,6})(?:\s*[-–]\s*(?<last>\d{1,6}))?\s*[\])]", RegexOptions.IgnoreCase)]
    private static partial Regex Marker();

    [GeneratedRegex(@"[\[(]\s*D(?<doc>\d{1,4})\s*[,;:]?\s*(?:pp?\.?|pages?)\s*(?<page>\d{1,6})(?:\s*[-–]\s*(?<last>\d{1,6}))?\s*[\])]", RegexOptions.IgnoreCase)]
    private static partial Regex CollectionMarker();

    [GeneratedRegex(@"[""“](?<q>[^""“”]{3,}?)[""”]")]
    private static partial Regex Quoted();

    [GeneratedRegex(@"(?<=[.!?])\s+|\n")]
    private static partial Regex SentenceStart();
}
