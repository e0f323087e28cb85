namespace LongDoc.Samples.Generator.Pdf;

/// <summary>A run of text at a baseline position (PDF points, origin bottom-left).</summary>
public sealed record PlacedText(string Text, Face Face, double Size, double X, double Y, IReadOnlyList<string> FactIds);

public sealed record PlacedRule(double X1, double Y1, double X2, double Y2, double Width);

/// <summary>A heading as it will appear in the PDF outline (bookmarks) and the contents page.</summary>
public sealed record OutlineEntry(int Level, string Title, int Page, double Top);

/// <summary>Everything on one page except the running header and footer, which the renderer adds.</summary>
public sealed class LaidPage
{
    public List<PlacedText> Texts { get; } = [];
    public List<PlacedRule> Rules { get; } = [];
}

/// <summary>A4 geometry and type sizes, in points.</summary>
public static class Geometry
{
    public const double PageWidth = 595.28, PageHeight = 841.89;
    public const double Left = 72, Right = PageWidth - 72, TextWidth = Right - Left;
    public const double BodyTop = 770, BodyBottom = 72;
    public const double HeaderBaseline = 806, HeaderRule = 800, FooterBaseline = 40;
    public const double ColumnGap = 24, ColumnWidth = (TextWidth - ColumnGap) / 2;

    public const double BodySize = 11, BodyLeading = 14.5, ParagraphGap = 6;
    public const double H1Size = 18, H1After = 16;
    public const double H2Size = 12.5, H2Before = 10, H2After = 5;
    public const double TableSize = 8.5, TableRow = 14, CaptionSize = 10;
}
