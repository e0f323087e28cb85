using UglyToad.PdfPig.Content;
using UglyToad.PdfPig.Core;
using UglyToad.PdfPig.Writer;

namespace LongDoc.Samples.Generator.Pdf;

/// <summary>
/// Text widths from PdfPig's own font metrics: a scratch builder with one page is used only for
/// MeasureText and never built, so layout and rendering agree on every width.
/// </summary>
public sealed class TextMeasurer : IDisposable
{
    readonly PdfDocumentBuilder _scratch = new();
    readonly PdfPageBuilder _page;
    readonly Dictionary<Face, PdfDocumentBuilder.AddedFont> _fonts = [];
    readonly Dictionary<(Face, double, string), double> _cache = [];

    public TextMeasurer()
    {
        foreach (var (face, font) in Faces.Standard14) _fonts[face] = _scratch.AddStandard14Font(font);
        _page = _scratch.AddPage(PageSize.A4);
    }

    public double Width(string text, Face face, double size)
    {
        if (text.Length == 0) return 0;
        if (_cache.TryGetValue((face, size, text), out var w)) return w;
        foreach (char ch in text)
            if (ch < ' ' || ch > '~') throw new InvalidOperationException($"Character U+{(int)ch:X4} in \"{text}\" is outside printable ASCII; the standard-14 writer cannot set it");
        var letters = _page.MeasureText(text, size, new PdfPoint(0, 0), _fonts[face]);
        return _cache[(face, size, text)] = letters[^1].EndBaseLine.X;
    }

    public void Dispose() => _scratch.Dispose();
}
