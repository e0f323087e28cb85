using LongDoc.Tasks.Answers;

namespace LongDoc.Tasks.Summaries;

/// <summary>brief: a short paragraph for the whole document; outline: every section; bullets: points per chapter.</summary>
public enum SummaryStyle { Brief, Outline, Bullets }

/// <summary>
/// One statement of a summary and the page it comes from (extractive: a verbatim sentence of that page), to
/// <see cref="LastPage"/> for a sentence that runs over a page break.
/// </summary>
public sealed record SummaryPoint(string Text, int Page)
{
    public int LastPage { get => lastPage ?? Page; init => lastPage = value; }
    readonly int? lastPage;
}

/// <summary>A part of a summary under one heading of the document, with the pages that heading covers.</summary>
public sealed record SummarySection(string Heading, int Level, int FirstPage, int LastPage, IReadOnlyList<SummaryPoint> Points);

/// <summary>
/// A summary of one document. For <see cref="SummaryStyle.Brief"/> there is one section (the document title,
/// level 0, all pages). <see cref="Model"/> names the model that wrote it (null in extractive mode).
/// </summary>
public sealed record Summary(
    string Title,
    string Source,
    SummaryStyle Style,
    TaskMode Mode,
    int PageCount,
    IReadOnlyList<SummarySection> Sections,
    string? Model = null);
