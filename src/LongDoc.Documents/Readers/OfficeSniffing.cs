using System.Text;

namespace LongDoc.Documents.Readers;

/// <summary>
/// Tells the office formats apart by content: which main part a zip package names (OOXML) or which mimetype it
/// starts with (OpenDocument), which stream an OLE compound file holds (legacy Word, Excel, PowerPoint), and
/// whether text opens with mail headers.
/// </summary>
internal static class OfficeSniffing
{
    // First match wins: an OpenDocument package stores its mimetype uncompressed at the start of the archive.
    static readonly (byte[] Marker, DocumentFormat Format)[] ZipMarkers =
    [
        (Ascii("application/vnd.oasis.opendocument.text"), DocumentFormat.Odt),
        (Ascii("application/vnd.oasis.opendocument.spreadsheet"), DocumentFormat.Ods),
        (Ascii("application/vnd.oasis.opendocument.presentation"), DocumentFormat.Odp),
        (Ascii("word/document.xml"), DocumentFormat.Docx),
        (Ascii("ppt/presentation.xml"), DocumentFormat.Pptx),
        (Ascii("xl/workbook.xml"), DocumentFormat.Xlsx),
        // A package cut short may have lost its part names: the DOCX reader then says what is missing.
        (Ascii("word/"), DocumentFormat.Docx),
        (Ascii("[Content_Types].xml"), DocumentFormat.Docx),
    ];

    // Directory entry names of an OLE compound file are UTF-16LE.
    static readonly (byte[] Marker, DocumentFormat Format)[] OleStreams =
    [
        (Encoding.Unicode.GetBytes("WordDocument"), DocumentFormat.Doc),
        (Encoding.Unicode.GetBytes("PowerPoint Document"), DocumentFormat.Ppt),
        (Encoding.Unicode.GetBytes("Workbook"), DocumentFormat.Xls),
        (Encoding.Unicode.GetBytes("Book"), DocumentFormat.Xls),
    ];

    static readonly HashSet<string> MailHeaders = new(StringComparer.OrdinalIgnoreCase)
    {
        "From", "To", "Cc", "Subject", "Date", "Message-ID", "MIME-Version", "Received", "Return-Path", "Delivered-To", "Reply-To",
    };

    const int OpenDocumentHead = 200;

    public const string MboxSeparator = "From ";

    public static DocumentFormat? Zip(ReadOnlySpan<byte> bytes)
    {
        foreach (var (marker, format) in ZipMarkers)
        {
            var where = IsOpenDocument(format) ? bytes[..Math.Min(bytes.Length, OpenDocumentHead)] : bytes;
            if (where.IndexOf(marker) >= 0) return format;
        }
        return null;
    }

    public static DocumentFormat? Ole(ReadOnlySpan<byte> bytes)
    {
        foreach (var (marker, format) in OleStreams)
            if (bytes.IndexOf(marker) >= 0) return format;
        return null;
    }

    static readonly byte[] EncryptedPackage = Encoding.Unicode.GetBytes("EncryptedPackage");

    /// <summary>Why an OLE file without a Word, Excel or PowerPoint stream is not read.</summary>
    public static string UnreadableOle(ReadOnlySpan<byte> bytes) => bytes.IndexOf(EncryptedPackage) >= 0
        ? "a password-protected Office document (encrypted package); save it without the password"
        : "a legacy OLE file that is not Word, Excel or PowerPoint; save it as .docx or PDF";

    /// <summary>Mail: the text opens with header lines, at least two of them known mail headers (one for a .eml name),
    /// after an mbox "From " separator line if there is one (mail clients write it into saved .eml files).</summary>
    public static bool LooksLikeMail(string text, string extension)
    {
        int known = 0;
        foreach (var line in text.Split('\n').SkipWhile((l, i) => i == 0 && l.StartsWith(MboxSeparator, StringComparison.Ordinal)).Take(60))
        {
            var l = line.TrimEnd('\r');
            if (l.Length == 0) break;
            if (l[0] is ' ' or '\t') continue;
            int colon = l.IndexOf(':');
            if (colon <= 0 || l[..colon].Any(c => c <= ' ' || c > '~')) return false;
            if (MailHeaders.Contains(l[..colon])) known++;
        }
        return known >= (extension.Equals(".eml", StringComparison.OrdinalIgnoreCase) ? 1 : 2);
    }

    static bool IsOpenDocument(DocumentFormat format) => format is DocumentFormat.Odt or DocumentFormat.Ods or DocumentFormat.Odp;

    static byte[] Ascii(string s) => Encoding.ASCII.GetBytes(s);
}
