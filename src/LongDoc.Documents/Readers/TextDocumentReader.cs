using System.Text;

namespace LongDoc.Documents.Readers;

/// <summary>
/// Plain text: the encoding from the BOM, else UTF-8 when the bytes are valid UTF-8, else Windows-1252-like
/// Latin-1. Invalid bytes are replaced (and reported as a warning), never fatal. Blank lines separate
/// paragraphs; form feeds separate pages.
/// </summary>
public sealed class TextDocumentReader : IDocumentReader
{
    public DocumentFormat Format => DocumentFormat.Text;

    public Document Read(ReadOnlyMemory<byte> bytes, string source, ReadOptions options)
    {
        if (bytes.IsEmpty) throw new DocumentReadException(source, "the file is empty (0 bytes)");
        var builder = new DocumentBuilder(bytes.Span, source, Format);
        var text = TextDecoding.Decode(bytes.Span, out var note);
        if (note is not null) builder.Warn(note);
        var pages = text.Split('\f');
        builder.PageCount = pages.Length;
        for (int p = 0; p < pages.Length; p++)
            foreach (var (level, para) in Paragraphs(pages[p]))
                if (level > 0) builder.AddHeading(level, para, p + 1);
                else builder.AddParagraph(para, p + 1);
        return builder.Build();
    }

    /// <summary>Paragraphs (level 0) split at blank lines, and Markdown-style "# Heading" lines as headings (level 1-6):
    /// text files often carry them, and they give the document its sections.</summary>
    static IEnumerable<(int Level, string Text)> Paragraphs(string page)
    {
        var current = new StringBuilder();
        foreach (var raw in page.Replace("\r\n", "\n").Split('\n'))
        {
            int level = HeadingLevel(raw);
            if (raw.Trim().Length == 0 || level > 0)
            {
                if (current.Length > 0) { yield return (0, current.ToString()); current.Clear(); }
                if (level > 0) yield return (level, raw.TrimStart().TrimStart('#').Trim().TrimEnd('#'));
                continue;
            }
            current.Append(raw).Append('\n');
        }
        if (current.Length > 0) yield return (0, current.ToString());
    }

    // "# x" to "###### x" (a space after the hashes, as in Markdown; "#hashtag" is not a heading).
    static int HeadingLevel(string line)
    {
        var l = line.TrimStart();
        int n = 0;
        while (n < l.Length && l[n] == '#') n++;
        return n is >= 1 and <= 6 && n < l.Length && l[n] == ' ' && l[n..].Trim().TrimEnd('#').Trim().Length > 0 ? n : 0;
    }
}

/// <summary>Bytes to string for text-like formats (text, Markdown, HTML without a declared charset).</summary>
public static class TextDecoding
{
    static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    /// <summary>Decodes; <paramref name="note"/> says when bytes were replaced or a fallback encoding was used.</summary>
    public static string Decode(ReadOnlySpan<byte> bytes, out string? note)
    {
        note = null;
        if (bytes.StartsWith((ReadOnlySpan<byte>)[0xEF, 0xBB, 0xBF])) return Lenient(bytes[3..], ref note);
        if (bytes.StartsWith((ReadOnlySpan<byte>)[0xFF, 0xFE])) return Encoding.Unicode.GetString(bytes[2..]);
        if (bytes.StartsWith((ReadOnlySpan<byte>)[0xFE, 0xFF])) return Encoding.BigEndianUnicode.GetString(bytes[2..]);
        try { return StrictUtf8.GetString(bytes); }
        catch (DecoderFallbackException) { }
        // UTF-8 with a few bad bytes has more valid multi-byte characters (or far more text) than bad bytes:
        // replace the bad ones. Otherwise it is a single-byte encoding.
        var (invalid, multiByte) = CountUtf8(bytes);
        if (multiByte > invalid || invalid * 50 < bytes.Length) return Lenient(bytes, ref note);
        note = "not UTF-8; read as Latin-1";
        return Encoding.Latin1.GetString(bytes);
    }

    static string Lenient(ReadOnlySpan<byte> bytes, ref string? note)
    {
        var s = Encoding.UTF8.GetString(bytes);
        int replaced = s.Count(c => c == '\uFFFD');
        if (replaced > 0) note = $"{replaced} invalid UTF-8 sequence(s) replaced with U+FFFD";
        return s;
    }

    static (int Invalid, int MultiByte) CountUtf8(ReadOnlySpan<byte> bytes)
    {
        int invalid = 0, multiByte = 0;
        while (!bytes.IsEmpty)
        {
            var status = System.Text.Rune.DecodeFromUtf8(bytes, out _, out int consumed);
            if (status != System.Buffers.OperationStatus.Done) invalid++;
            else if (consumed > 1) multiByte++;
            bytes = bytes[Math.Max(consumed, 1)..];
        }
        return (invalid, multiByte);
    }
}
