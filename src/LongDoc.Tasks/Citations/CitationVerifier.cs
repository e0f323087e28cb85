using LongDoc.Documents;

namespace LongDoc.Tasks.Citations;

/// <summary>
/// Checks citations against a document's extracted page text. A citation is verified when its quote, normalized
/// by <see cref="QuoteNormalizer"/>, occurs in the normalized text of the page it names. A quote with an
/// ellipsis ("..." or "…") verifies when each of its parts occurs on that page, in order. A page outside the
/// document, an empty quote, or a quote found only on other pages is unverified. A citation of pages 4 to 5 is
/// checked against those pages' texts joined, so a quote that runs over the break verifies.
/// Page texts are normalized once per verifier, so build one per document and reuse it.
/// </summary>
public sealed class CitationVerifier(Document document)
{
    /// <summary>Parts shorter than this (after normalization) are too weak to count as evidence alone.</summary>
    public const int MinimumQuoteLength = 3;

    static readonly string[] Ellipses = ["...", "…"];

    readonly string?[] pages = new string?[document.PageCount];

    public Citation Verify(Citation citation) => citation with { Verified = IsOnPages(citation.Quote, citation.Page, citation.LastPage) };

    public IReadOnlyList<Citation> VerifyAll(IEnumerable<Citation> citations) => [.. citations.Select(Verify)];

    public bool IsOnPage(string quote, int page) => IsOnPages(quote, page, page);

    /// <summary>Whether the quote occurs in the texts of pages <paramref name="first"/> to <paramref name="last"/>, joined.</summary>
    public bool IsOnPages(string quote, int first, int last)
    {
        if (first < 1 || last < first || last > document.PageCount) return false;
        var parts = quote.Split(Ellipses, StringSplitOptions.None).Select(QuoteNormalizer.Normalize).Where(p => p.Length > 0).ToList();
        if (parts.Count == 0 || parts.Sum(p => p.Length) < MinimumQuoteLength) return false;
        var text = string.Join(" ", Enumerable.Range(first, last - first + 1).Select(PageText));
        int from = 0;
        foreach (var part in parts)
        {
            int at = text.IndexOf(part, from, StringComparison.Ordinal);
            if (at < 0) return false;
            from = at + part.Length;
        }
        return true;
    }

    string PageText(int page) => pages[page - 1] ??= QuoteNormalizer.Normalize(document.Pages[page - 1].Text);

    /// <summary>Pages (ascending) whose text holds the quote: where a citation with a wrong page should have pointed.</summary>
    public IReadOnlyList<int> PagesWith(string quote) =>
        [.. Enumerable.Range(1, document.PageCount).Where(p => IsOnPage(quote, p))];
}
