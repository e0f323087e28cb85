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
sealed class PdfTextBlock(int page, List<PdfLine> lines)
{
    public int Page { get; } = page;
    public List<PdfLine> Lines { get; } = lines;
    public double Left => Lines.Min(l => l.Left);
    public double Right => Lines.Max(l => l.Right);
    public double Top => Lines.Max(l => l.Top);
    public double Bottom => Lines.Min(l => l.Bottom);
    public double Size => Lines.GroupBy(l => Math.Round(l.Size * 2) / 2).MaxBy(g => g.Sum(l => l.Text.Length))!.Key;
    public bool Bold => Lines.Sum(l => l.Bold ? l.Text.Length : 0) * 2 > Lines.Sum(l => l.Text.Length);
    public int Chars => Lines.Sum(l => l.Text.Length);
    /// <summary>The lines joined into one string, newline-separated (kept for list and caption detection).</summary>
    public string RawText => string.Join("\n", Lines.Select(l => l.Text));
}

/// <summary>A page's blocks in reading order, with the page box used to place headers and footers.</summary>
sealed record PdfPageText(int Number, double Height, List<PdfTextBlock> Blocks);
