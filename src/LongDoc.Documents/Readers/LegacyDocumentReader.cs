using System.Security.Cryptography;
using LongDoc.Documents.Readers.Legacy;

namespace LongDoc.Documents.Readers;

/// <summary>
/// Legacy and OpenDocument formats (.doc, .rtf, .odt, .xls, .ods, .ppt, .odp): converted by LibreOffice headless
/// in a child process (<see cref="LibreOffice"/>) to DOCX, XLSX or PPTX, then read by that format's reader. The
/// document keeps its own format and the id of its own bytes. Without LibreOffice: an error naming the Debian
/// package to install.
/// </summary>
public sealed class LegacyDocumentReader(DocumentFormat format) : IDocumentReader
{
    readonly LegacyFormat _legacy = LegacyFormats.All[format];

    public DocumentFormat Format => format;

    public Document Read(ReadOnlyMemory<byte> bytes, string source, ReadOptions options)
    {
        if (bytes.IsEmpty) throw new DocumentReadException(source, "the file is empty (0 bytes)");
        var converted = LibreOffice.Convert(bytes, source, _legacy, options);
        var read = DocumentReaders.For(_legacy.TargetFormat).Read(converted, source, options);
        return new Document
        {
            Id = Convert.ToHexStringLower(SHA256.HashData(bytes.Span)),
            Source = read.Source,
            Format = format,
            Title = read.Title,
            Pages = read.Pages,
            Blocks = read.Blocks,
            Furniture = read.Furniture,
            Text = read.Text,
            Warnings = [$"converted to .{_legacy.Target} by LibreOffice before reading", .. read.Warnings],
        };
    }
}
