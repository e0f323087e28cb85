namespace LongDoc.Documents;

/// <summary>The formats LongDoc reads. Chosen by content sniffing, not by file extension alone.</summary>
public enum DocumentFormat
{
    Pdf, Docx, Html, Markdown, Text,
    Pptx, Xlsx, Eml, Doc, Rtf, Odt, Xls, Ods, Ppt, Odp, Image,
}

/// <summary>
/// A document read into blocks in reading order, each with provenance (pages, section path, character span).
/// <para>
/// <see cref="Text"/> is the normalized text: the block texts joined by a blank line ("\n\n"), in reading order.
/// Every block's <see cref="Block.Start"/>..<see cref="Block.End"/> is its span in that string, so a citation can
/// point at characters and be checked. Page headers and footers are <see cref="Furniture"/>: kept, but outside
/// <see cref="Text"/>, because repeating them on every page would drown the content.
/// </para>
/// </summary>
public sealed class Document
{
    /// <summary>Lower-case hex SHA-256 of the file's bytes: the same bytes always give the same id.</summary>
    public required string Id { get; init; }
    /// <summary>Where the bytes came from (a path, or a name given by the caller).</summary>
    public required string Source { get; init; }
    public required DocumentFormat Format { get; init; }
    public required string Title { get; init; }
    public int PageCount => Pages.Count;
    /// <summary>Pages 1..N. Formats without pages (HTML, Markdown, text) have one page, or pages from form feeds.</summary>
    public required IReadOnlyList<Page> Pages { get; init; }
    public required IReadOnlyList<Block> Blocks { get; init; }
    public IReadOnlyList<Block> Furniture { get; init; } = [];
    /// <summary>Normalized text; blocks' Start/End index into it.</summary>
    public required string Text { get; init; }
    /// <summary>Reader notes that did not stop the read (replaced bytes, skipped images, ...).</summary>
    public IReadOnlyList<string> Warnings { get; init; } = [];
    /// <summary>Pages whose text was recognised by OCR (not read from a text layer), with their mean confidence.</summary>
    public IReadOnlyList<RecognizedPage> Recognized { get; init; } = [];
}

/// <summary>A page read by OCR: its number, the words found, their mean confidence (0-100, Tesseract's) and the languages used ("eng+deu").</summary>
public sealed record RecognizedPage(int Page, int Words, double Confidence, string Languages);

/// <summary>One page: its 1-based number and its text (the page's blocks joined like <see cref="Document.Text"/>).</summary>
public sealed record Page(int Number, string Text);

public enum BlockKind { Heading, Paragraph, ListItem, Table, Caption, Footnote, Header, Footer }

/// <summary>
/// A unit of reading order. <see cref="Level"/> is the heading level (1 = top) for headings, the nesting depth
/// (0 = top) for list items, and 0 otherwise. <see cref="Section"/> holds the texts of the headings above this block,
/// outermost first (a heading's own path excludes itself). <see cref="Rows"/> is set for tables only.
/// <see cref="PageStarts"/>, parallel to <see cref="Pages"/>, is where in <see cref="Text"/> each page begins (the
/// first is 0); set only for a block over several pages whose reader saw the breaks (a PDF paragraph that continues
/// on the next page).
/// </summary>
public sealed record Block(
    BlockKind Kind,
    int Level,
    string Text,
    IReadOnlyList<int> Pages,
    IReadOnlyList<string> Section,
    int Start,
    int End,
    IReadOnlyList<IReadOnlyList<string>>? Rows = null,
    IReadOnlyList<int>? PageStarts = null)
{
    public int FirstPage => Pages.Count > 0 ? Pages[0] : 1;
    public int LastPage => Pages.Count > 0 ? Pages[^1] : FirstPage;

    /// <summary>
    /// The first and last page of <see cref="Text"/>[start..end]. Without <see cref="PageStarts"/> a block over
    /// several pages does not say where the breaks fall, so the part's midpoint picks one page: first half of the
    /// block, first page; and so on.
    /// </summary>
    public (int First, int Last) PagesOf(int start, int end)
    {
        if (Pages.Count <= 1) return (FirstPage, FirstPage);
        if (PageStarts is { } starts && starts.Count == Pages.Count) return (PageAt(starts, start), PageAt(starts, Math.Max(start, end - 1)));
        double middle = (start + end) / 2.0 / Math.Max(1, Text.Length);
        int page = Pages[Math.Min(Pages.Count - 1, (int)(middle * Pages.Count))];
        return (page, page);
    }

    int PageAt(IReadOnlyList<int> starts, int offset)
    {
        int i = starts.Count - 1;
        while (i > 0 && starts[i] > offset) i--;
        return Pages[i];
    }
}
