using LongDoc.Service.Processing;
using LongDoc.Service.Tests.Infrastructure;
using LongDoc.Testing.Documents;
using LongDoc.Testing.Scans;

namespace LongDoc.Service.Tests.Processing;

/// <summary>Extraction:InProcess=true has no child to lose: a hostile PDF must be bad input, not the end of the service.</summary>
public sealed class InProcessExtractorTests : IDisposable
{
    readonly DirectoryInfo _dir = Directory.CreateTempSubdirectory("longdoc-inprocess-");
    public void Dispose() => _dir.Delete(recursive: true);

    [Fact]
    public async Task Extract_PdfWithReferenceLoop_IsPermanentBadInputNotAStackOverflow()
    {
        var path = Path.Combine(_dir.FullName, "loop.pdf");
        File.WriteAllBytes(path, PdfObjectFiles.MutualReferences());
        var e = await Assert.ThrowsAsync<ExtractionException>(() => new InProcessExtractor(new ExtractionOptions()).ExtractJsonAsync(path, new PhaseRecorder(), default));
        Assert.Equal(ExtractionFailure.BadInput, e.Failure);
        Assert.True(e.Permanent);
        Assert.Equal($"{path}: malformed PDF: object 5 refers to itself through object 6 (a cycle in the object graph)", e.Message);
    }

    [Fact]
    public async Task Extract_ScannedImage_OcrPhaseBeforeAndAfterItsPage()
    {
        if (ScanMaker.Missing() is not null || !ScanMaker.OnPath("tesseract")) return;   // .ci/run installs them
        var report = Path.Combine(AppContext.BaseDirectory, "samples", "vellmark-annual-report-2025.pdf");
        var png = ScanMaker.RenderPage(report, 1, 100, ScanMaker.Degradation.Clean, _dir.FullName);
        var phases = new PhaseRecorder();
        await new InProcessExtractor(new ExtractionOptions { OcrLanguages = "eng" }).ExtractJsonAsync(png, phases, default);
        Assert.Equal(["ocr 0/1", "ocr 1/1"], phases.Phases);
    }
}
