using System.Text.RegularExpressions;
using DocumentFormat.OpenXml.Wordprocessing;

namespace LongDoc.Documents.Readers.Docx;

/// <summary>What a paragraph style means for reading: a heading level, a caption, or numbering it carries.</summary>
internal sealed record DocxStyleInfo(int HeadingLevel, bool IsTitle, bool IsCaption, int? NumId, int NumLevel);

/// <summary>
/// Paragraph styles resolved through their basedOn chain. A style is a heading when it (or a style it is based on)
/// has an outline level, or is a built-in "heading N" / "Title" style. Built-in names are matched on the style's
/// name, which Word keeps in English ("heading 1") even where the id is localized ("berschrift1").
/// </summary>
internal sealed partial class DocxStyles
{
    const int MaxChain = 16; // basedOn cycles exist in the wild; stop following after this many links

    readonly Dictionary<string, Style> _byId = new(StringComparer.OrdinalIgnoreCase);
    readonly Dictionary<string, DocxStyleInfo> _resolved = new(StringComparer.OrdinalIgnoreCase);
    readonly string? _defaultId;

    public static readonly DocxStyleInfo Plain = new(0, false, false, null, 0);

    public DocxStyles(Styles? styles)
    {
        foreach (var s in styles?.Elements<Style>() ?? [])
        {
            if (s.Type?.Value != StyleValues.Paragraph || s.StyleId?.Value is not { } id) continue;
            _byId.TryAdd(id, s);
            if (s.Default?.Value == true) _defaultId ??= id;
        }
    }

    /// <summary>The style applied to <paramref name="styleId"/> (null: the default paragraph style).</summary>
    public DocxStyleInfo Get(string? styleId)
    {
        styleId ??= _defaultId;
        if (styleId is null) return Plain;
        if (_resolved.TryGetValue(styleId, out var info)) return info;
        info = Resolve(styleId);
        _resolved[styleId] = info;
        return info;
    }

    DocxStyleInfo Resolve(string styleId)
    {
        int level = 0; bool title = false, caption = false; int? numId = null; int numLevel = 0;
        bool levelSet = false;
        string? id = styleId;
        for (int i = 0; i < MaxChain && id is not null && _byId.TryGetValue(id, out var s); i++)
        {
            // The nearest style in the chain wins for each property.
            var name = s.StyleName?.Val?.Value ?? "";
            if (!levelSet && BuiltInLevel(id, name) is { } builtIn) { level = builtIn; levelSet = true; title = builtIn == 1 && IsTitleName(id, name); }
            if (!levelSet && s.StyleParagraphProperties?.OutlineLevel?.Val?.Value is { } outline) { level = outline < 9 ? outline + 1 : 0; levelSet = true; }
            caption |= (name.Equals("caption", StringComparison.OrdinalIgnoreCase) || id.Equals("Caption", StringComparison.OrdinalIgnoreCase));
            if (numId is null && s.StyleParagraphProperties?.NumberingProperties is { } num && num.NumberingId?.Val?.Value is { } n)
            {
                numId = n;
                numLevel = num.NumberingLevelReference?.Val?.Value ?? 0;
            }
            id = s.BasedOn?.Val?.Value;
        }
        return new DocxStyleInfo(level, title, caption, numId, numLevel);
    }

    static int? BuiltInLevel(string id, string name)
    {
        if (IsTitleName(id, name)) return 1;
        var m = HeadingName().Match(name);
        if (!m.Success) m = HeadingName().Match(id);
        return m.Success ? int.Parse(m.Groups[1].Value) : null;
    }

    static bool IsTitleName(string id, string name) =>
        name.Equals("title", StringComparison.OrdinalIgnoreCase) || id.Equals("Title", StringComparison.OrdinalIgnoreCase);

    [GeneratedRegex(@"^heading\s*([1-9])$", RegexOptions.IgnoreCase)]
    private static partial Regex HeadingName();
}
