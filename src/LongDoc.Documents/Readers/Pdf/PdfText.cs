namespace LongDoc.Documents.Readers.Pdf;

// Geometry is PDF user space: y grows upwards, so Top > Bottom.

/// <summary>One line of text (or one column's part of a row): words in left-to-right order.</summary>
sealed record PdfLine(string Text, double Left, double Right, double Top, double Bottom, double Size, bool Bold)
{
    public double Height => Top - Bottom;
}

/// <summary>
/// Lines that belong together (a paragraph, a heading, a list item) on one page, in reading order.
/// <see cref="Size"/> is the block's most common font size in points, weighted by characters.
/// </summary>
sealed class PdfTextBlock
{
    readonly List<PdfLine> _lines = [];
    double? _size;
    bool? _bold;

    public PdfTextBlock(int page, PdfLine first)
    {
        Page = page;
        (Left, Right, Top, Bottom) = (first.Left, first.Right, first.Top, first.Bottom);
        _lines.Add(first);
    }

    public int Page { get; }
    public IReadOnlyList<PdfLine> Lines => _lines;
    // The box is kept as lines arrive: layout code asks for it inside sorts and pairwise loops.
    public double Left { get; private set; }
    public double Right { get; private set; }
    public double Top { get; private set; }
    public double Bottom { get; private set; }

    public void Add(PdfLine line)
    {
        _lines.Add(line);
        Left = Math.Min(Left, line.Left); Right = Math.Max(Right, line.Right);
        Top = Math.Max(Top, line.Top); Bottom = Math.Min(Bottom, line.Bottom);
        _size = null; _bold = null;
    }

    public double Size => _size ??= _lines.GroupBy(l => Math.Round(l.Size * 2) / 2).MaxBy(g => g.Sum(l => l.Text.Length))!.Key;
    public bool Bold => _bold ??= _lines.Sum(l => l.Bold ? l.Text.Length : 0) * 2 > _lines.Sum(l => l.Text.Length);
    public int Chars => _lines.Sum(l => l.Text.Length);
    /// <summary>The lines joined into one string, newline-separated (kept for list and caption detection).</summary>
    public string RawText => string.Join("\n", _lines.Select(l => l.Text));
}

/// <summary>A page's blocks in reading order, with the page box used to place headers and footers.</summary>
sealed record PdfPageText(int Number, double Height, List<PdfTextBlock> Blocks);
