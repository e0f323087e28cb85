using LongDoc.Documents.Readers;
using LongDoc.Documents.Readers.Ocr;
using LongDoc.Documents.Tests.Readers.Images;
using LongDoc.Testing.Fuzzing;
using LongDoc.Testing.Scans;
using Xunit.Abstractions;

namespace LongDoc.Documents.Tests.Readers.Ocr;

/// <summary>
/// Scans made once per run from the repository's sample PDF (its page 3, prose under a heading): a clean 300 dpi
/// PNG, the same page as an image-only PDF page after a text page, and a two-page TIFF.
/// </summary>
public sealed class SampleScans : IDisposable
{
    public const int Page = 3;
    public string Folder { get; } = Directory.CreateTempSubdirectory("longdoc-scans-").FullName;
    public static string Sample => Path.Combine(FuzzSources.RepoRoot(AppContext.BaseDirectory), "samples", "vellmark-annual-report-2025.pdf");
    public Document Original { get; } = DocumentReaders.ReadFile(Sample, ReadOptions.Default with { Ocr = OcrOptions.Default with { Mode = OcrMode.Off } });

    public string Png => _png ??= ScanMaker.RenderPage(Sample, Page, 300, ScanMaker.Degradation.Clean, Folder);
    string? _png;

    /// <summary>Page 2 of the sample with its text layer, then page 3 as a scan.</summary>
    public string Mixed => _mixed ??= Mix();
    string? _mixed;

    string Mix()
    {
        var text = Path.Combine(Folder, "text.pdf");
        ScanMaker.Run("pdfseparate", ["-f", "2", "-l", "2", Sample, text]);
        var scan = ScanMaker.ToPdf([Png], Path.Combine(Folder, "scan.pdf"));
        var mixed = Path.Combine(Folder, "mixed.pdf");
        ScanMaker.Run("pdfunite", [text, scan, mixed]);
        return mixed;
    }

    public void Dispose() => Directory.Delete(Folder, true);
}

public class OcrRecognitionTests(SampleScans scans, ITestOutputHelper output) : IClassFixture<SampleScans>
{
    static readonly ReadOptions English = ReadOptions.Default with { Ocr = OcrOptions.Default with { Languages = "eng" } };

    [Fact]
    public void ImageReader_CleanScanOf300Dpi_CharacterErrorRateUnderTwoPercent()
    {
        if (!OcrRequirement.Available(output)) return;
        var doc = DocumentReaders.ReadFile(scans.Png, English);
        var reference = scans.Original.Pages[SampleScans.Page - 1].Text;
        var cer = CharacterErrorRate.Compute(reference, doc.Pages[0].Text);
        output.WriteLine($"CER {cer:P2} over {reference.Length} characters");
        Assert.True(cer < 0.02, $"character error rate {cer:P2}, over the 2% target");
        Assert.Equal(DocumentFormat.Image, doc.Format);
        var page = Assert.Single(doc.Recognized);
        Assert.Equal((1, "eng"), (page.Page, page.Languages));
        Assert.True(page.Confidence > 80, $"mean confidence {page.Confidence}");
    }

    [Fact]
    public void ImageReader_CleanScan_TheLargeHeadingFoundByTextHeightAndNoOther()
    {
        if (!OcrRequirement.Available(output)) return;
        var doc = DocumentReaders.ReadFile(scans.Png, English);
        // The chapter title is set much larger than the text; the bold section titles only slightly, which line heights cannot tell.
        var heading = Assert.Single(doc.Blocks, b => b.Kind == BlockKind.Heading);
        Assert.Equal(("1 Director's Foreword", 1), (heading.Text, heading.Level));
        Assert.Equal(["1 Director's Foreword"], doc.Blocks.First(b => b.Text.StartsWith("By the close", StringComparison.Ordinal)).Section);
        ReaderTestSupport.AssertSpans(doc);
    }

    [Fact]
    public void PdfReader_ScannedPageAfterATextPage_OnlyTheScanIsRecognised()
    {
        if (!OcrRequirement.Available(output)) return;
        var doc = DocumentReaders.ReadFile(scans.Mixed, English);
        Assert.Equal(2, doc.PageCount);
        Assert.Equal([2], doc.Recognized.Select(r => r.Page));
        Assert.Equal(scans.Original.Pages[1].Text, doc.Pages[0].Text);
        var cer = CharacterErrorRate.Compute(scans.Original.Pages[SampleScans.Page - 1].Text, doc.Pages[1].Text);
        Assert.True(cer < 0.02, $"character error rate {cer:P2} on the scanned page");
        Assert.All(doc.Blocks.Where(b => b.Text.Length > 0 && doc.Pages[1].Text.Contains(b.Text)), b => Assert.Equal([2], b.Pages));
    }

    [Fact]
    public void PdfReader_OcrOff_ScannedPageEmptyWithAWarning()
    {
        if (!OcrRequirement.Available(output)) return;
        var doc = DocumentReaders.ReadFile(scans.Mixed, English with { Ocr = English.Ocr with { Mode = OcrMode.Off } });
        Assert.Empty(doc.Recognized);
        Assert.Equal("", doc.Pages[1].Text);
    }

    [Fact]
    public void PdfReader_TesseractMissing_TextPageReadAndOneLineSaysWhatToInstall()
    {
        if (!OcrRequirement.Available(output)) return;
        var doc = DocumentReaders.ReadFile(scans.Mixed, English with { Ocr = English.Ocr with { TesseractCommand = "/nonexistent/tesseract" } });
        // The running title is on one text page only here, so it stays in the page text.
        Assert.Contains(scans.Original.Pages[1].Text, doc.Pages[0].Text);
        Assert.Equal("", doc.Pages[1].Text);
        Assert.Equal("1 page without a usable text layer not recognised: tesseract is not installed (apt install tesseract-ocr tesseract-ocr-eng)",
            Assert.Single(doc.Warnings));
    }

    [Fact]
    public void PdfReader_OcrForce_TextPageRecognisedToo()
    {
        if (!OcrRequirement.Available(output)) return;
        var doc = DocumentReaders.ReadFile(scans.Mixed, English with { Ocr = English.Ocr with { Mode = OcrMode.Force } });
        Assert.Equal([1, 2], doc.Recognized.Select(r => r.Page));
    }

    [Fact]
    public void ImageReader_TwoPageTiff_OnePagePerImage()
    {
        if (!OcrRequirement.Available(output)) return;
        var tiff = Path.Combine(scans.Folder, "two.tif");
        ScanMaker.Run("convert", [scans.Png, scans.Png, "-compress", "Group4", tiff]);
        var doc = DocumentReaders.ReadFile(tiff, English);
        Assert.Equal(2, doc.PageCount);
        Assert.Equal([1, 2], doc.Recognized.Select(r => r.Page));
        Assert.Equal(doc.Pages[0].Text, doc.Pages[1].Text);
        Assert.NotEqual("", doc.Pages[1].Text);
    }

    [Fact]
    public void ImageReader_CorruptImageData_ClearErrorNamingTheFile()
    {
        if (!OcrRequirement.Available(output)) return;
        var bytes = TestImages.PngHeader(100, 100, [.. Enumerable.Range(0, 200).Select(i => (byte)(i * 7))]);
        var e = Assert.Throws<DocumentReadException>(() => ReaderTestSupport.Bounded(() => DocumentReaders.Read(bytes, "corrupt.png", English)));
        Assert.Equal("corrupt.png", e.File);
        Assert.Contains("tesseract could not read the image", e.Problem);
    }
}
