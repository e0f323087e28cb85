using System.Text;

namespace LongDoc.Documents.Readers;

/// <summary>
/// Decides a file's format from its first bytes; the extension only breaks ties between text formats
/// (Markdown and plain text look alike) and never overrides the content.
/// </summary>
public static class FormatSniffer
{
    const int HeadBytes = 4096;

    static readonly Dictionary<string, DocumentFormat> TextExtensions = new(StringComparer.OrdinalIgnoreCase)
    {
        [".md"] = DocumentFormat.Markdown, [".markdown"] = DocumentFormat.Markdown, [".mdown"] = DocumentFormat.Markdown,
        [".htm"] = DocumentFormat.Html, [".html"] = DocumentFormat.Html, [".xhtml"] = DocumentFormat.Html,
        [".txt"] = DocumentFormat.Text, [".text"] = DocumentFormat.Text,
    };

    /// <summary>The format, or null when the bytes are not a format LongDoc reads (with the reason).</summary>
    public static DocumentFormat? Sniff(ReadOnlySpan<byte> bytes, string? fileName, out string? reason)
    {
        reason = null;
        var head = bytes[..Math.Min(bytes.Length, HeadBytes)];
        if (bytes.Length == 0) { reason = "the file is empty (0 bytes)"; return null; }
        // PDF: "%PDF-" within the first 1024 bytes (the spec allows leading junk)
        if (head[..Math.Min(head.Length, 1024)].IndexOf("%PDF-"u8) >= 0) return DocumentFormat.Pdf;
        if (head.StartsWith("PK\x03\x04"u8))
        {
            var zipped = OfficeSniffing.Zip(bytes);
            if (zipped is null) reason = "a zip archive that is not a Word document, presentation, spreadsheet or OpenDocument file";
            return zipped;
        }
        if (head.StartsWith((ReadOnlySpan<byte>)[0xD0, 0xCF, 0x11, 0xE0]))
        {
            var ole = OfficeSniffing.Ole(bytes);
            if (ole is null) reason = OfficeSniffing.UnreadableOle(bytes);
            return ole;
        }
        if (head.StartsWith(@"{\rtf"u8)) return DocumentFormat.Rtf;
        if (Images.ImageHeader.Kind(head) is not null) return DocumentFormat.Image;
        if (LooksBinary(head)) { reason = "binary content that is not a document format LongDoc reads (PDF, Office, OpenDocument, RTF, e-mail, an image: PNG, JPEG, TIFF, HTML, Markdown or text)"; return null; }

        var ext = Path.GetExtension(fileName ?? "");
        var text = DecodeHead(head).TrimStart();
        if (OfficeSniffing.LooksLikeMail(text, ext)) return DocumentFormat.Eml;
        if (LooksHtml(text)) return DocumentFormat.Html;
        // An .html name with markup is HTML even as a fragment ("<p>..."); an .html name on plain words is text.
        if (TextExtensions.TryGetValue(ext, out var byExt))
            return byExt != DocumentFormat.Html ? byExt : text.StartsWith('<') ? DocumentFormat.Html : DocumentFormat.Text;
        return LooksMarkdown(text) ? DocumentFormat.Markdown : DocumentFormat.Text;
    }

    static string DecodeHead(ReadOnlySpan<byte> head)
    {
        if (head.StartsWith((ReadOnlySpan<byte>)[0xFF, 0xFE])) return Encoding.Unicode.GetString(head[2..]);
        if (head.StartsWith((ReadOnlySpan<byte>)[0xFE, 0xFF])) return Encoding.BigEndianUnicode.GetString(head[2..]);
        return Encoding.UTF8.GetString(head);
    }

    // UTF-16 text has many zero bytes; check its BOM before calling it binary.
    static bool LooksBinary(ReadOnlySpan<byte> head)
    {
        if (head.StartsWith((ReadOnlySpan<byte>)[0xFF, 0xFE]) || head.StartsWith((ReadOnlySpan<byte>)[0xFE, 0xFF])) return false;
        int control = 0;
        foreach (var b in head)
        {
            if (b == 0) return true;
            if (b < 0x09 || (b > 0x0D && b < 0x20 && b != 0x1B)) control++;
        }
        return control > head.Length / 10;
    }

    static bool LooksHtml(string text) =>
        text.StartsWith("<!doctype html", StringComparison.OrdinalIgnoreCase)
        || text.StartsWith("<html", StringComparison.OrdinalIgnoreCase)
        || (text.StartsWith("<?xml", StringComparison.OrdinalIgnoreCase) && text.Contains("<html", StringComparison.OrdinalIgnoreCase))
        || (text.StartsWith('<') && (text.Contains("<body", StringComparison.OrdinalIgnoreCase) || text.Contains("<head", StringComparison.OrdinalIgnoreCase)));

    static bool LooksMarkdown(string text)
    {
        int signals = 0;
        foreach (var line in text.Split('\n').Take(200))
        {
            var l = line.TrimEnd();
            if (l.StartsWith("# ") || l.StartsWith("## ") || l.StartsWith("### ")) signals += 2;
            else if (l.StartsWith("```") || l.StartsWith("|---") || l.StartsWith("| ---")) signals += 2;
            else if (l.StartsWith("- ") || l.StartsWith("* ") || l.StartsWith("> ")) signals++;
            else if (l.Contains("](")) signals++;
        }
        return signals >= 3;
    }
}
