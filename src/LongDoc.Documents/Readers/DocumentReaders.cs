namespace LongDoc.Documents.Readers;

/// <summary>Reads any supported file: sniffs the format, then hands the bytes to that format's reader.</summary>
public static class DocumentReaders
{
    static readonly Dictionary<DocumentFormat, IDocumentReader> ByFormat = new IDocumentReader[]
    {
        new PdfDocumentReader(), new DocxDocumentReader(), new HtmlDocumentReader(),
        new MarkdownDocumentReader(), new TextDocumentReader(), new ImageDocumentReader(),
        new PptxDocumentReader(),
        new XlsxDocumentReader(),
        new EmlDocumentReader(),
    }.Concat(Legacy.LegacyFormats.All.Keys.Select(f => new LegacyDocumentReader(f))).ToDictionary(r => r.Format);

    public static IDocumentReader For(DocumentFormat format) => ByFormat[format];

    /// <summary>Reads the file at <paramref name="path"/>; every problem is a <see cref="DocumentReadException"/> naming it.</summary>
    public static Document ReadFile(string path, ReadOptions? options = null)
    {
        options ??= ReadOptions.Default;
        byte[] bytes;
        try
        {
            var info = new FileInfo(path);
            if (!info.Exists) throw new DocumentReadException(path, "file not found");
            if (info.Length > options.MaxInputBytes)
                throw new DocumentReadException(path, $"file is {info.Length:N0} bytes, over the limit of {options.MaxInputBytes:N0}");
            bytes = File.ReadAllBytes(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new DocumentReadException(path, $"cannot be read: {e.Message}", e);
        }
        return Read(bytes, path, options);
    }

    /// <summary>Reads bytes named <paramref name="source"/> (a file name picks between text formats only).</summary>
    public static Document Read(ReadOnlyMemory<byte> bytes, string source, ReadOptions? options = null)
    {
        options ??= ReadOptions.Default;
        var format = FormatSniffer.Sniff(bytes.Span, source, out var reason)
            ?? throw new DocumentReadException(source, reason ?? "unsupported format");
        try
        {
            return ByFormat[format].Read(bytes, source, options);
        }
        catch (DocumentReadException) { throw; }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            // Library exceptions (PdfPig, OpenXML, ...) become one clear line naming the file.
            throw new DocumentReadException(source, $"not a readable {format} file ({e.GetType().Name}: {FirstLine(e.Message)})", e);
        }
    }

    static string FirstLine(string s) { var i = s.IndexOf('\n'); return (i < 0 ? s : s[..i]).Trim(); }
}
