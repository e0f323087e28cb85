using LongDoc.Samples.Generator.Facts;
using LongDoc.Samples.Generator.Report;

namespace LongDoc.Samples.Generator.Pdf;

/// <summary>The written PDF and where its notable features landed, for the README.</summary>
public sealed record ReportPdfResult(byte[] Bytes, int PageCount, IReadOnlyList<int> TablePages, IReadOnlyList<int> TwoColumnPages);

/// <summary>Builds the report PDF: blocks, layout, front matter, fact pages into the ledger, render, verify.</summary>
public static class ReportPdf
{
    public const string FileName = "vellmark-annual-report-2025.pdf";
    const ulong Seed = 20250101;
    const int MinPages = 20;

    public static ReportPdfResult Write(FactLedger ledger)
    {
        foreach (var spec in ReportBlocks.AllFacts(ReportContent.Chapters)) ledger.Declare(spec, FileName);

        using var measure = new TextMeasurer();
        var layout = new PageLayout(measure, FrontMatter.Pages + 1);
        layout.Lay(ReportBlocks.Build(ReportContent.Chapters, Seed, Geometry.TextWidth));
        List<LaidPage> pages = [FrontMatter.TitlePage(measure), FrontMatter.ContentsPage(layout.Outline, measure), .. layout.Pages];

        for (int i = 0; i < pages.Count; i++)
            foreach (var id in pages[i].Texts.SelectMany(t => t.FactIds)) ledger.Place(id, i + 1);

        var pdf = PdfRenderer.Render(pages, layout.Outline, ReportContent.Title, ReportContent.RunningHeader);
        PdfVerifier.Verify(pdf, ledger.Facts(FileName), FileName, MinPages, ReportContent.Title, layout.Outline);
        return new ReportPdfResult(pdf, pages.Count, layout.TablePages, layout.TwoColumnPages);
    }
}
