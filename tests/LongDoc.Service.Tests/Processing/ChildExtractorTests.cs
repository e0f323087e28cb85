using LongDoc.Service.Processing;
using LongDoc.Service.Tests.Infrastructure;
using LongDoc.Testing.Scans;

namespace LongDoc.Service.Tests.Processing;

/// <summary>The real `longdoc extract` child, and shell scripts standing in for a child that hangs or dies.</summary>
public sealed class ChildExtractorTests : IDisposable
{
    readonly DirectoryInfo _dir = Directory.CreateTempSubdirectory("longdoc-extract-");

    string Script(string body)
    {
        var path = Path.Combine(_dir.FullName, "fake-longdoc");
        File.WriteAllText(path, "#!/bin/sh\n" + body + "\n");
        if (!OperatingSystem.IsWindows()) File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        return path;
    }

    string Write(string name, string text)
    {
        var path = Path.Combine(_dir.FullName, name);
        File.WriteAllText(path, text);
        return path;
    }

    [Fact]
    public async Task Extract_Markdown_JsonReadsBackToTheDocument()
    {
        var path = Path.Combine(AppContext.BaseDirectory, "samples", "vellmark-visitor-faq.md");
        var json = await new ChildExtractor(new ExtractionOptions()).ExtractJsonAsync(path, new PhaseRecorder(), default);
        var document = DocumentJsonReader.Read(json, path);
        Assert.StartsWith("Visiting Vellmark Station", document.Title);
        Assert.Contains(document.Blocks, b => b.Text == "Who can visit?");
    }

    [Fact]
    public async Task Extract_ImageWithOcrOff_TheSettingReachesTheChild()
    {
        var path = Path.Combine(_dir.FullName, "scan.png");
        File.WriteAllBytes(path, [0x89, (byte)'P', (byte)'N', (byte)'G', 0x0D, 0x0A, 0x1A, 0x0A, 0, 0, 0, 13, (byte)'I', (byte)'H', (byte)'D', (byte)'R', 0, 0, 0, 100, 0, 0, 0, 100, 8, 0, 0, 0, 0]);
        var options = new ExtractionOptions { Ocr = LongDoc.Documents.Readers.Ocr.OcrMode.Off };
        var e = await Assert.ThrowsAsync<ExtractionException>(() => new ChildExtractor(options).ExtractJsonAsync(path, new PhaseRecorder(), default));
        Assert.Equal(ExtractionFailure.BadInput, e.Failure);
        Assert.Contains("a PNG image is read only by OCR, and OCR is off", e.Message);
    }

    [Fact]
    public void ExtractionOptions_OcrSettings_BecomeTheChildsFlags()
    {
        var options = new ExtractionOptions { Ocr = LongDoc.Documents.Readers.Ocr.OcrMode.Force, OcrLanguages = "eng+deu" };
        Assert.Equal(["--ocr", "force", "--ocr-lang", "eng+deu"], options.ChildArguments());
        Assert.Equal(["--ocr", "auto"], new ExtractionOptions().ChildArguments());
    }

    [Fact]
    public async Task Extract_BinaryFile_BadInputNamingTheFile()
    {
        var path = Path.Combine(_dir.FullName, "noise.bin");
        File.WriteAllBytes(path, [.. Enumerable.Range(0, 4000).Select(i => (byte)(i * 7919 % 251))]);
        var e = await Assert.ThrowsAsync<ExtractionException>(() => new ChildExtractor(new ExtractionOptions()).ExtractJsonAsync(path, new PhaseRecorder(), default));
        Assert.Equal(ExtractionFailure.BadInput, e.Failure);
        Assert.True(e.Permanent);
        Assert.StartsWith(path + ": ", e.Message);
        Assert.Contains("binary content", e.Message);
    }

    [Fact]
    public async Task Extract_ChildWritesOcrProgress_PhasesReportedAndKeptOutOfTheError()
    {
        var options = new ExtractionOptions
        {
            Command = Script("for l in 'longdoc-ocr: 0/2' 'longdoc-ocr: 1/2' 'longdoc-ocr: <b>x</b>/2' 'longdoc-ocr: 2/2' 'longdoc: a.md: no text'; do echo \"$l\" >&2; done; exit 2"),
        };
        var phases = new PhaseRecorder();
        var e = await Assert.ThrowsAsync<ExtractionException>(() => new ChildExtractor(options).ExtractJsonAsync(Write("a.md", "# A"), phases, default));
        Assert.Equal(["ocr 0/2", "ocr 1/2", "ocr 2/2"], phases.Phases);
        Assert.Equal(ExtractionFailure.BadInput, e.Failure);
        Assert.EndsWith("a.md: no text", e.Message);
    }

    [Fact]
    public async Task Extract_ScannedPdf_TheChildReportsEachPageRecognised()
    {
        if (ScanMaker.Missing() is not null || !ScanMaker.OnPath("tesseract")) return;   // .ci/run installs them
        var report = Path.Combine(AppContext.BaseDirectory, "samples", "vellmark-annual-report-2025.pdf");
        var scan = ScanMaker.ToPdf([ScanMaker.RenderPage(report, 1, 100, ScanMaker.Degradation.Clean, _dir.FullName),
            ScanMaker.RenderPage(report, 2, 100, ScanMaker.Degradation.Clean, _dir.FullName)], Path.Combine(_dir.FullName, "scan.pdf"));
        var phases = new PhaseRecorder();
        await new ChildExtractor(new ExtractionOptions { OcrLanguages = "eng" }).ExtractJsonAsync(scan, phases, default);
        Assert.Equal("ocr 0/2", phases.Phases[0]);
        Assert.Equal(["ocr 0/2", "ocr 1/2", "ocr 2/2"], phases.Phases.Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task Extract_ChildHangs_KilledAtTimeout()
    {
        var pidFile = Path.Combine(_dir.FullName, "pid");
        var options = new ExtractionOptions { TimeoutSeconds = 1, Command = Script($"echo $$ > {pidFile}; sleep 60") };
        var clock = System.Diagnostics.Stopwatch.StartNew();
        var e = await Assert.ThrowsAsync<ExtractionException>(() => new ChildExtractor(options).ExtractJsonAsync(Write("a.md", "# A"), new PhaseRecorder(), default));
        Assert.Equal(ExtractionFailure.Timeout, e.Failure);
        Assert.Contains("ran over 1 s", e.Message);
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(30));
        Assert.False(Directory.Exists($"/proc/{File.ReadAllText(pidFile).Trim()}"), "the hung child is still running");
    }

    [Fact]
    public async Task Extract_ChildKilledBySignal_CrashWithExitCode()
    {
        var options = new ExtractionOptions { Command = Script("echo 'Stack overflow.' >&2; kill -SEGV $$") };
        var e = await Assert.ThrowsAsync<ExtractionException>(() => new ChildExtractor(options).ExtractJsonAsync(Write("a.md", "# A"), new PhaseRecorder(), default));
        Assert.Equal(ExtractionFailure.Crash, e.Failure);
        Assert.False(e.Permanent);
        Assert.Contains("stack overflow (exit code 139)", e.Message);
    }

    [Fact]
    public async Task Extract_OverMemoryCap_MemoryFailure()
    {
        // 20 MB of text: reading it needs several times that on the managed heap (UTF-16 text, blocks, JSON), over a 48 MB cap.
        var big = Path.Combine(_dir.FullName, "big.txt");
        var line = string.Concat(Enumerable.Repeat("alpha beta gamma delta ", 40)) + "\n";
        File.WriteAllText(big, string.Concat(Enumerable.Repeat(line, 20_000_000 / line.Length)));
        var e = await Assert.ThrowsAsync<ExtractionException>(() => new ChildExtractor(new ExtractionOptions { MemoryLimitMb = 48 }).ExtractJsonAsync(big, new PhaseRecorder(), default));
        Assert.Equal(ExtractionFailure.Memory, e.Failure);
        Assert.Contains("48 MB memory cap", e.Message);
    }

    public void Dispose() => _dir.Delete(recursive: true);
}
