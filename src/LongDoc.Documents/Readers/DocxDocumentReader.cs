using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Wordprocessing;
using LongDoc.Documents.Readers.Docx;

namespace LongDoc.Documents.Readers;

/// <summary>
/// Word documents (.docx, Office Open XML). The archive is checked against the zip limits before OpenXML sees it
/// (<see cref="ZipGuard"/>), and every part is capped at <see cref="ReadOptions.MaxCharactersInPart"/>.
/// Headings come from styles and outline levels, list items from numbering, page numbers from explicit and
/// rendered page breaks, footnotes follow their page, headers and footers are furniture.
/// </summary>
public sealed class DocxDocumentReader : IDocumentReader
{
    public DocumentFormat Format => DocumentFormat.Docx;

    public Document Read(ReadOnlyMemory<byte> bytes, string source, ReadOptions options)
    {
        if (bytes.IsEmpty) throw new DocumentReadException(source, "the file is empty (0 bytes)");
        ZipGuard.Check(bytes, source, options);
        var builder = new DocumentBuilder(bytes.Span, source, Format);
        OpenXmlErrors.Run(source, options, "DOCX", () =>
        {
            using var stream = ZipGuard.AsStream(bytes);
            using var doc = WordprocessingDocument.Open(stream, false, new OpenSettings { MaxCharactersInPart = options.MaxCharactersInPart });
            var main = doc.MainDocumentPart ?? throw new DocumentReadException(source, "no main document part (word/document.xml)");
            var body = main.Document?.Body ?? throw new DocumentReadException(source, "the main document part has no body");

            var reader = new DocxBody(builder,
                new DocxStyles(main.StyleDefinitionsPart?.Styles),
                new DocxNumbering(main.NumberingDefinitionsPart?.Numbering),
                new DocxNotes(main.FootnotesPart?.Footnotes, main.EndnotesPart?.Endnotes));
            reader.Read(body);
            DocxFurniture.Add(main, reader.Sections, builder);

            int images = body.Descendants<Drawing>().Count() + body.Descendants<Picture>().Count();
            if (images > 0) builder.Warn($"{images} image(s) skipped: no text is read from images");
            builder.Title = new[] { doc.PackageProperties.Title, reader.StyleTitle }.FirstOrDefault(t => !string.IsNullOrWhiteSpace(t));
        });
        return builder.Build();
    }
}
