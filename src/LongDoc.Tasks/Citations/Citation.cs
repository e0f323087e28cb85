namespace LongDoc.Tasks.Citations;

/// <summary>
/// A claim that <see cref="Quote"/> is on page <see cref="Page"/> (1-based) of the document, in
/// <see cref="Section"/> (the heading path, " > "-joined; empty when unknown). <see cref="Verified"/> is set by
/// <see cref="CitationVerifier"/>: true only when the quote was found in that page's extracted text. A quote that
/// runs over a page break cites <see cref="Page"/> to <see cref="LastPage"/> ("[pp. 4-5]").
/// </summary>
public sealed record Citation(int Page, string Section, string Quote, bool Verified = false)
{
    /// <summary>The last page the quote is on: <see cref="Page"/> unless it runs over a page break.</summary>
    public int LastPage { get => lastPage ?? Page; init => lastPage = value; }
    readonly int? lastPage;

    /// <summary>"p. 4", or "pp. 4-5" for a quote over a page break.</summary>
    public string Pages => PageRange.Format(Page, LastPage);
}
