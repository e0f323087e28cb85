using DocumentFormat.OpenXml.Packaging;
using LongDoc.Documents.Readers.Docx;
using LongDoc.Documents.Readers.Pptx;
using P = DocumentFormat.OpenXml.Presentation;

namespace LongDoc.Documents.Readers;

/// <summary>
/// PowerPoint presentations (.pptx). One page per slide; the slide's title is its heading ("(hidden slide)" added
/// for hidden slides); text boxes and tables follow in reading order by position; speaker notes follow under a
/// "Speaker notes" heading of their own, so they stay searchable and citable but apart from the slide's text.
/// The archive passes the same zip guards as DOCX first.
/// </summary>
public sealed class PptxDocumentReader : IDocumentReader
{
    internal static readonly ZipGuard.Package Package = new("ppt/presentation.xml", "PowerPoint presentation");

    public DocumentFormat Format => DocumentFormat.Pptx;

    public Document Read(ReadOnlyMemory<byte> bytes, string source, ReadOptions options)
    {
        if (bytes.IsEmpty) throw new DocumentReadException(source, "the file is empty (0 bytes)");
        ZipGuard.Check(bytes, source, options, Package);
        var builder = new DocumentBuilder(bytes.Span, source, Format);
        using var stream = ZipGuard.AsStream(bytes);
        using var doc = OpenXmlErrors.Open(source, options, "PPTX", () =>
            PresentationDocument.Open(stream, false, new OpenSettings { MaxCharactersInPart = options.MaxCharactersInPart }));
        OpenXmlErrors.Run(source, options, "PPTX", () =>
        {
            var presentation = doc.PresentationPart ?? throw new DocumentReadException(source, "no presentation part (ppt/presentation.xml)");
            var slideIds = presentation.Presentation?.SlideIdList?.Elements<P.SlideId>().ToArray() ?? [];
            builder.PageCount = slideIds.Length;
            var hidden = new List<int>();
            int images = 0;
            for (int i = 0; i < slideIds.Length; i++)
            {
                if (slideIds[i].RelationshipId?.Value is not { } rel || presentation.GetPartById(rel) is not SlidePart slide)
                    throw new DocumentReadException(source, $"slide {i + 1} names a part that is not a slide");
                OpenXmlDepth.Check(slide, source);
                if (slide.NotesSlidePart is { } notes) OpenXmlDepth.Check(notes, source);
                var slideReader = new PptxSlide(slide, i + 1, builder, source);
                slideReader.Read();
                if (slideReader.Hidden) hidden.Add(i + 1);
                images += slideReader.Images;
            }
            if (hidden.Count > 0) builder.Warn($"hidden slide(s) {string.Join(", ", hidden)} read and marked \"(hidden slide)\" in their headings");
            if (images > 0) builder.Warn($"{images} picture(s) or chart(s) skipped: no text is read from images");
            builder.Title = doc.PackageProperties.Title;
        });
        return builder.Build();
    }
}
