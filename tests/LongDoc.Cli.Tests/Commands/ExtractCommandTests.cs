using System.Text.Json;
using LongDoc.Testing.Scans;

namespace LongDoc.Cli.Tests.Commands;

public class ExtractCommandTests
{
    [Fact]
    public void Extract_SamplePdfAsJson_HasDocumentedFieldsAndFacts()
    {
        var r = CliRunner.Run("extract", CliRunner.Sample("vellmark-annual-report-2025.pdf"), "--format", "json");
        Assert.Equal(0, r.ExitCode);
        using var json = JsonDocument.Parse(r.Stdout);
        var root = json.RootElement;
        Assert.Equal("pdf", root.GetProperty("format").GetString());
        Assert.Equal(root.GetProperty("pages").GetArrayLength(), root.GetProperty("pageCount").GetInt32());
        Assert.True(root.GetProperty("pageCount").GetInt32() >= 20);
        Assert.Equal(64, root.GetProperty("id").GetString()!.Length);
        var first = root.GetProperty("blocks")[0];
        foreach (var field in new[] { "kind", "level", "text", "pages", "section", "start", "end" })
            Assert.True(first.TryGetProperty(field, out _), $"block field {field}");
    }

    [Fact]
    public void Extract_EveryFactOfTheSamplePdf_IsOnItsPage()
    {
        var r = CliRunner.Run("extract", CliRunner.Sample("vellmark-annual-report-2025.pdf"), "--format", "json");
        using var doc = JsonDocument.Parse(r.Stdout);
        var pages = doc.RootElement.GetProperty("pages").EnumerateArray().ToDictionary(p => p.GetProperty("number").GetInt32(), p => p.GetProperty("text").GetString()!);
        using var facts = JsonDocument.Parse(File.ReadAllText(CliRunner.Sample("facts.json")));
        int checkedFacts = 0;
        foreach (var fact in EnumerateFacts(facts.RootElement).Where(f => f.GetProperty("file").GetString()!.EndsWith(".pdf")))
        {
            int page = fact.GetProperty("page").GetInt32();
            string answer = fact.GetProperty("answer").GetString()!;
            Assert.True(pages[page].Contains(answer, StringComparison.Ordinal), $"'{answer}' not on page {page}");
            checkedFacts++;
        }
        Assert.True(checkedFacts >= 20, $"only {checkedFacts} PDF facts");
    }

    [Fact]
    public void Extract_ScanOfASamplePage_StderrAndJsonSayWhichPagesWereRecognised()
    {
        var missing = ScanMaker.OnPath("tesseract") ? ScanMaker.Missing() : "tesseract";
        if (missing is not null)
        {
            Assert.False(Environment.GetEnvironmentVariable("CI") is "true" or "1", $"CI requires {missing} (.ci/run installs it)");
            return;   // outside CI, without the tools: nothing to check
        }
        var folder = Directory.CreateTempSubdirectory("longdoc-cli-scan-").FullName;
        try
        {
            var png = ScanMaker.RenderPage(CliRunner.Sample("vellmark-annual-report-2025.pdf"), 3, 300, ScanMaker.Degradation.Clean, folder);
            var scan = ScanMaker.ToPdf([png], Path.Combine(folder, "scan.pdf"));
            var r = CliRunner.Run("extract", scan, "--format", "json", "--ocr-lang", "eng");
            Assert.Equal(0, r.ExitCode);
            Assert.Matches(@"longdoc: .*scan\.pdf: page 1 recognised by OCR \(eng\): [0-9,]+ words, mean confidence [0-9.]+%", r.Stderr);
            using var json = JsonDocument.Parse(r.Stdout);
            var page = json.RootElement.GetProperty("recognized").EnumerateArray().Single();
            Assert.Equal((1, "eng"), (page.GetProperty("page").GetInt32(), page.GetProperty("languages").GetString()));
            Assert.Contains("1 Director's Foreword", json.RootElement.GetProperty("pages")[0].GetProperty("text").GetString());

            var off = CliRunner.Run("extract", scan, "--ocr", "off");
            Assert.Equal(0, off.ExitCode);
            Assert.Contains("no text found: the PDF may be scanned images (OCR is off)", off.Stderr);
        }
        finally { Directory.Delete(folder, true); }
    }

    static IEnumerable<JsonElement> EnumerateFacts(JsonElement root) =>
        root.ValueKind == JsonValueKind.Array ? root.EnumerateArray() : root.GetProperty("facts").EnumerateArray();

    [Fact]
    public void Extract_Markdown_KeepsHeadingsAndTable()
    {
        var r = CliRunner.Run("extract", CliRunner.Sample("vellmark-annual-report-2025.pdf"), "--format", "markdown");
        Assert.Equal(0, r.ExitCode);
        Assert.Matches(@"(?m)^## \d+ \w+", r.Stdout);
        Assert.Matches(@"(?m)^\| --- \|", r.Stdout);
        Assert.Contains("<!-- page 19 -->", r.Stdout);
    }

    [Fact]
    public void Extract_Stats_PrintsNumbersToStderrOnly()
    {
        var r = CliRunner.Run("extract", CliRunner.Sample("vellmark-logistics-memo-2026.docx"), "--stats");
        Assert.Equal(0, r.ExitCode);
        Assert.Contains("=== Page 1 ===", r.Stdout);
        Assert.Matches(@"Docx, \d+ pages, \d+ blocks, [\d,]+ characters, [\d.]+ s, [\d.]+ pages/s, peak memory \d+ MB", r.Stderr);
        Assert.DoesNotContain("pages/s", r.Stdout);
    }

    [Theory]
    [InlineData("empty.pdf", new byte[0], "empty")]
    [InlineData("random.pdf", new byte[] { 0x00, 0x13, 0x37, 0xFF, 0x00, 0x42, 0x00, 0x01 }, "binary")]
    [InlineData("truncated.pdf", new byte[] { 0x25, 0x50, 0x44, 0x46, 0x2D, 0x31, 0x2E, 0x37, 0x0A, 0x31, 0x20, 0x30 }, "PDF")]
    [InlineData("notzip.docx", new byte[] { 0x50, 0x4B, 0x03, 0x04, 0x77, 0x6F, 0x72, 0x64, 0x2F }, "")]
    public void Extract_BadInput_ExitsTwoWithOneLineNamingTheFile(string name, byte[] bytes, string mention)
    {
        var dir = Directory.CreateTempSubdirectory("longdoc-cli-");
        var path = Path.Combine(dir.FullName, name);
        File.WriteAllBytes(path, bytes);
        var r = CliRunner.Run("extract", path);
        Assert.Equal(2, r.ExitCode);
        var lines = r.Stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Single(lines);
        Assert.StartsWith($"longdoc: {path}: ", lines[0]);
        Assert.Contains(mention, lines[0], StringComparison.OrdinalIgnoreCase);
        Assert.Equal("", r.Stdout);
        dir.Delete(recursive: true);
    }

    [Fact]
    public void Extract_MissingFile_ExitsTwo()
    {
        var r = CliRunner.Run("extract", "/nonexistent/report.pdf");
        Assert.Equal(2, r.ExitCode);
        Assert.Contains("/nonexistent/report.pdf: file not found", r.Stderr);
    }

    [Fact]
    public void Extract_UnknownFormat_IsAUsageError()
    {
        var r = CliRunner.Run("extract", CliRunner.Sample("vellmark-visitor-faq.md"), "--format", "yaml");
        Assert.Equal(1, r.ExitCode);
        Assert.Contains("yaml", r.Stderr);
    }
}
