using System.Text;
using System.Text.RegularExpressions;

namespace LongDoc.Documents.Readers.Html;

/// <summary>
/// HTML bytes to text: a BOM wins, then a charset declared in a meta tag within the first 1024 bytes (where the
/// HTML spec says browsers look), then <see cref="TextDecoding"/> (UTF-8, else Latin-1).
/// </summary>
internal static partial class HtmlDecoding
{
    const int PrescanBytes = 1024;

    // Labels the HTML spec maps to another encoding: pages declaring Latin-1 or ASCII are decoded as windows-1252.
    static readonly Dictionary<string, string> Aliases = new(StringComparer.OrdinalIgnoreCase)
    {
        ["iso-8859-1"] = "windows-1252", ["latin1"] = "windows-1252", ["us-ascii"] = "windows-1252", ["ascii"] = "windows-1252",
        ["utf8"] = "utf-8",
    };

    public static string Decode(ReadOnlySpan<byte> bytes, out string? note)
    {
        note = null;
        bool bom = bytes.StartsWith((ReadOnlySpan<byte>)[0xEF, 0xBB, 0xBF]) || bytes.StartsWith((ReadOnlySpan<byte>)[0xFF, 0xFE]) || bytes.StartsWith((ReadOnlySpan<byte>)[0xFE, 0xFF]);
        if (bom || DeclaredCharset(bytes) is not { } label) return TextDecoding.Decode(bytes, out note);

        label = Aliases.GetValueOrDefault(label, label);
        if (label.Equals("utf-8", StringComparison.OrdinalIgnoreCase)) return TextDecoding.Decode(bytes, out note);
        if (Lookup(label) is { } encoding) return encoding.GetString(bytes);
        var text = TextDecoding.Decode(bytes, out var fallback);
        note = $"unknown charset '{label}'; decoded by content" + (fallback is null ? "" : $" ({fallback})");
        return text;
    }

    static string? DeclaredCharset(ReadOnlySpan<byte> bytes)
    {
        var head = Encoding.Latin1.GetString(bytes[..Math.Min(bytes.Length, PrescanBytes)]);
        var m = MetaCharset().Match(head);
        return m.Success ? m.Groups[1].Value : null;
    }

    static Encoding? Lookup(string label)
    {
        try { return CodePagesEncodingProvider.Instance.GetEncoding(label) ?? Encoding.GetEncoding(label); }
        catch (ArgumentException) { return null; }
    }

    // <meta charset="x"> and <meta http-equiv="Content-Type" content="text/html; charset=x">
    [GeneratedRegex(@"<meta[^>]*?charset\s*=\s*[""']?\s*([A-Za-z0-9_:.\-]+)", RegexOptions.IgnoreCase)]
    private static partial Regex MetaCharset();
}
