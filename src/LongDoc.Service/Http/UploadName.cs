using System.Globalization;
using System.Text;
using LongDoc.Documents;
using Format = LongDoc.Documents.DocumentFormat;

namespace LongDoc.Service.Http;

/// <summary>
/// An upload's name is data, never a path: the file is stored as "upload" plus the extension of its sniffed format;
/// the name the client gave is only shown (control and format characters and any folder part removed, shortened).
/// </summary>
public static class UploadName
{
    public const int MaxDisplayLength = 120;
    const string Fallback = "document";

    static readonly Dictionary<Format, string> Extensions = new()
    {
        [Format.Pdf] = ".pdf", [Format.Docx] = ".docx", [Format.Html] = ".html",
        [Format.Markdown] = ".md", [Format.Text] = ".txt", [Format.Image] = ".img",
    };

    public static string StoredFile(Format format) => "upload" + Extensions[format];

    /// <summary>The name to show: printable characters of the last path segment, at most <see cref="MaxDisplayLength"/> characters, the extension kept.</summary>
    public static string Display(string? given)
    {
        var kept = new StringBuilder();
        foreach (var rune in (given ?? "").EnumerateRunes())
            if (Rune.GetUnicodeCategory(rune) is not (UnicodeCategory.Control or UnicodeCategory.Format or UnicodeCategory.Surrogate or UnicodeCategory.OtherNotAssigned))
                kept.Append(rune.ToString());
        var name = kept.ToString();
        name = name[(name.LastIndexOfAny(['/', '\\']) + 1)..].Trim();
        if (name.Trim('.').Trim().Length == 0) return Fallback;
        if (name.Length <= MaxDisplayLength) return name;
        var extension = Path.GetExtension(name) is { Length: <= 16 } e ? e : "";
        return Cut(name[..^extension.Length], MaxDisplayLength - extension.Length) + extension;
    }

    /// <summary>At most <paramref name="length"/> UTF-16 units, never splitting a surrogate pair.</summary>
    static string Cut(string text, int length) =>
        text.Length <= length ? text : char.IsHighSurrogate(text[length - 1]) ? text[..(length - 1)] : text[..length];
}
