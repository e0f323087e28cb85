using System.Security.Cryptography;
using System.Text;

namespace LongDoc.Documents;

/// <summary>
/// Collects blocks in reading order and computes what readers should not each compute again: section paths,
/// character spans, page texts and the id. Readers call Add* in reading order, then <see cref="Build"/>.
/// </summary>
public sealed class DocumentBuilder
{
    const string BlockSeparator = "\n\n";

    readonly string _id;
    readonly string _source;
    readonly DocumentFormat _format;
    readonly List<PendingBlock> _blocks = [];
    readonly List<PendingBlock> _furniture = [];
    readonly List<string> _warnings = [];
    readonly List<RecognizedPage> _recognized = [];
    int _pageCount;

    sealed record PendingBlock(BlockKind Kind, int Level, string Text, int[] Pages, IReadOnlyList<IReadOnlyList<string>>? Rows, int[]? Starts = null);

    public DocumentBuilder(ReadOnlySpan<byte> bytes, string source, DocumentFormat format)
    {
        _id = Convert.ToHexStringLower(SHA256.HashData(bytes));
        _source = source;
        _format = format;
    }

    public string? Title { get; set; }

    /// <summary>Declares the page count (readers of paged formats); otherwise the highest page seen, at least 1.</summary>
    public int PageCount { get => Math.Max(_pageCount, 1); set => _pageCount = value; }

    public void Warn(string message) => _warnings.Add(message);

    /// <summary>Records that <paramref name="page"/>'s text came from OCR (its blocks are added as usual).</summary>
    public void AddRecognized(int page, int words, double confidence, string languages) =>
        _recognized.Add(new RecognizedPage(page, words, Math.Round(confidence, 1), languages));

    public void AddHeading(int level, string text, int page) => Add(BlockKind.Heading, Math.Clamp(level, 1, 9), text, [page]);
    public void AddParagraph(string text, params int[] pages) => Add(BlockKind.Paragraph, 0, text, pages);
    /// <summary>
    /// A paragraph that runs over page breaks: <paramref name="pageStarts"/> gives each page, in order, and where in
    /// <paramref name="text"/> (before normalization) it begins. The block keeps those starts (see <see cref="Block.PageStarts"/>).
    /// </summary>
    public void AddParagraph(string text, IReadOnlyList<(int Page, int Start)> pageStarts)
    {
        var clean = TextNormalizer.Block(text);
        if (clean.Length == 0) return;
        bool ordered = pageStarts.Count > 1 && pageStarts[0].Start == 0
            && pageStarts.Zip(pageStarts.Skip(1)).All(p => p.First.Page < p.Second.Page && p.First.Start <= p.Second.Start && p.Second.Start <= text.Length);
        if (!ordered) { AddParagraph(text, pageStarts.Select(p => p.Page).ToArray()); return; }
        var starts = pageStarts.Select(p => p.Start == 0 ? 0 : CleanOffset(clean, text[..p.Start])).ToArray();
        var pages = pageStarts.Select(p => p.Page).ToArray();
        AddCore(BlockKind.Paragraph, 0, clean, pages, null, _blocks, starts);
    }

    // Where raw text's `prefix` ends in its normalized form: normalizing a prefix gives a prefix of the whole's
    // normalized text, then the whitespace that joined it to what follows is skipped.
    static int CleanOffset(string clean, string prefix)
    {
        int at = Math.Min(TextNormalizer.Block(prefix).Length, clean.Length);
        while (at < clean.Length && char.IsWhiteSpace(clean[at])) at++;
        return at;
    }

    public void AddListItem(int depth, string text, params int[] pages) => Add(BlockKind.ListItem, depth, text, pages);
    public void AddCaption(string text, params int[] pages) => Add(BlockKind.Caption, 0, text, pages);
    public void AddFootnote(string text, params int[] pages) => Add(BlockKind.Footnote, 0, text, pages);

    /// <summary>A table as rows of cell texts; its text is the rows as " | "-separated lines.</summary>
    public void AddTable(IReadOnlyList<IReadOnlyList<string>> rows, params int[] pages)
    {
        var clean = rows.Select(r => (IReadOnlyList<string>)r.Select(TextNormalizer.Inline).ToArray()).Where(r => r.Any(c => c.Length > 0)).ToArray();
        if (clean.Length == 0) return;
        var text = string.Join("\n", clean.Select(r => string.Join(" | ", r)));
        AddCore(BlockKind.Table, 0, text, pages, clean, _blocks);
    }

    /// <summary>Page header or footer: kept apart from the reading text.</summary>
    public void AddFurniture(BlockKind kind, string text, int page)
    {
        if (kind is not (BlockKind.Header or BlockKind.Footer)) throw new ArgumentException("furniture is a header or a footer", nameof(kind));
        var clean = TextNormalizer.Block(text);
        if (clean.Length > 0) _furniture.Add(new PendingBlock(kind, 0, clean, [page], null));
        _pageCount = Math.Max(_pageCount, page);
    }

    public int BlockCount => _blocks.Count;

    void Add(BlockKind kind, int level, string text, int[] pages)
    {
        var clean = kind == BlockKind.Heading ? TextNormalizer.Inline(text) : TextNormalizer.Block(text);
        if (clean.Length == 0) return;
        AddCore(kind, level, clean, pages, null, _blocks);
    }

    void AddCore(BlockKind kind, int level, string text, int[] pages, IReadOnlyList<IReadOnlyList<string>>? rows, List<PendingBlock> into, int[]? starts = null)
    {
        var sorted = pages.Length == 0 ? [Math.Max(_pageCount, 1)] : pages.Distinct().Order().ToArray();
        if (sorted[0] < 1) throw new ArgumentOutOfRangeException(nameof(pages), "pages are 1-based");
        _pageCount = Math.Max(_pageCount, sorted[^1]);
        into.Add(new PendingBlock(kind, level, text, sorted, rows, starts));
    }

    public Document Build()
    {
        var text = new StringBuilder();
        var blocks = new List<Block>(_blocks.Count);
        var section = new List<(int Level, string Text)>();
        foreach (var b in _blocks)
        {
            if (b.Kind == BlockKind.Heading)
                while (section.Count > 0 && section[^1].Level >= b.Level) section.RemoveAt(section.Count - 1);
            if (text.Length > 0) text.Append(BlockSeparator);
            int start = text.Length;
            text.Append(b.Text);
            blocks.Add(new Block(b.Kind, b.Level, b.Text, b.Pages, section.Select(s => s.Text).ToArray(), start, text.Length, b.Rows, b.Starts));
            if (b.Kind == BlockKind.Heading) section.Add((b.Level, b.Text));
        }

        int pageCount = PageCount;
        var perPage = new StringBuilder[pageCount];
        for (int i = 0; i < pageCount; i++) perPage[i] = new StringBuilder();
        foreach (var b in blocks)
            foreach (var p in b.Pages)
            {
                if (p > pageCount) continue;
                var sb = perPage[p - 1];
                if (sb.Length > 0) sb.Append(BlockSeparator);
                sb.Append(b.Text);
            }

        var furniture = _furniture.Select(f => new Block(f.Kind, 0, f.Text, f.Pages, [], -1, -1)).ToArray();
        var title = TextNormalizer.Inline(Title ?? "");
        if (title.Length == 0) title = blocks.FirstOrDefault(b => b.Kind == BlockKind.Heading)?.Text ?? Path.GetFileNameWithoutExtension(_source);
        return new Document
        {
            Id = _id,
            Source = _source,
            Format = _format,
            Title = title,
            Pages = perPage.Select((sb, i) => new Page(i + 1, sb.ToString())).ToArray(),
            Blocks = blocks,
            Furniture = furniture,
            Text = text.ToString(),
            Warnings = _warnings.ToArray(),
            Recognized = _recognized.OrderBy(r => r.Page).ToArray(),
        };
    }
}
