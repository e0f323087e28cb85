using DocumentFormat.OpenXml;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Wordprocessing;

namespace LongDoc.Documents.Readers.Docx;

/// <summary>A section of the body and the pages it covers.</summary>
internal sealed record DocxSection(SectionProperties Properties, int FirstPage, int LastPage);

/// <summary>
/// Page headers and footers as furniture, one per page they appear on. Each section names a default, a first-page
/// (used when w:titlePg is on) and an even-page header (used when settings say w:evenAndOddHeaders); a kind a
/// section does not name is inherited from the section before it, as Word does.
/// </summary>
internal static class DocxFurniture
{
    enum Slot { Default, Even, First }

    public static void Add(MainDocumentPart main, IReadOnlyList<DocxSection> sections, DocumentBuilder builder)
    {
        var evenAndOdd = main.DocumentSettingsPart?.Settings?.GetFirstChild<EvenAndOddHeaders>() is { } eo && (eo.Val?.Value ?? true);
        var text = new DocxText(null, null);
        var headers = new Dictionary<Slot, string>();
        var footers = new Dictionary<Slot, string>();
        foreach (var section in sections)
        {
            foreach (var r in section.Properties.Elements<HeaderReference>())
                headers[SlotOf(r.Type?.Value)] = PartText(main, r.Id?.Value, text);
            foreach (var r in section.Properties.Elements<FooterReference>())
                footers[SlotOf(r.Type?.Value)] = PartText(main, r.Id?.Value, text);
            bool titlePage = section.Properties.GetFirstChild<TitlePage>() is { } tp && (tp.Val?.Value ?? true);
            for (int page = section.FirstPage; page <= section.LastPage; page++)
            {
                var slot = titlePage && page == section.FirstPage ? Slot.First : evenAndOdd && page % 2 == 0 ? Slot.Even : Slot.Default;
                if (headers.TryGetValue(slot, out var h)) builder.AddFurniture(BlockKind.Header, h, page);
                if (footers.TryGetValue(slot, out var f)) builder.AddFurniture(BlockKind.Footer, f, page);
            }
        }
    }

    static Slot SlotOf(HeaderFooterValues? type) =>
        type == HeaderFooterValues.First ? Slot.First : type == HeaderFooterValues.Even ? Slot.Even : Slot.Default;

    static string PartText(MainDocumentPart main, string? id, DocxText text)
    {
        if (id is null || !main.TryGetPartById(id, out var part)) return "";
        var root = part switch { HeaderPart h => (OpenXmlElement?)h.Header, FooterPart f => f.Footer, _ => null };
        return root is null ? "" : text.Of(root);
    }
}
