using LongDoc.Testing.Scans;
using Xunit.Abstractions;

namespace LongDoc.Documents.Tests.Readers.Ocr;

/// <summary>
/// Whether Tesseract (with eng and deu) and the scan tools are installed. Under CI (CI=true, which .ci/run exports
/// after installing them) a missing one fails the test. Elsewhere xunit 2 has no dynamic skip, so the test passes
/// with a note in its output saying what to install.
/// </summary>
static class OcrRequirement
{
    static bool InCi => Environment.GetEnvironmentVariable("CI") is { } v && (v.Equals("true", StringComparison.OrdinalIgnoreCase) || v == "1");

    static readonly Lazy<string?> MissingTool = new(() =>
        !ScanMaker.OnPath("tesseract") ? "tesseract (apt install tesseract-ocr tesseract-ocr-eng tesseract-ocr-deu)"
        : new[] { "eng", "deu" }.FirstOrDefault(l => !File.Exists($"/usr/share/tesseract-ocr/5/tessdata/{l}.traineddata")) is { } lang ? $"tesseract-ocr-{lang}"
        : ScanMaker.Missing());

    /// <summary>True when everything is installed; false (after writing what is missing) outside CI; fails under CI.</summary>
    public static bool Available(ITestOutputHelper output)
    {
        if (MissingTool.Value is not { } missing) return true;
        if (InCi) Assert.Fail($"CI requires {missing} (.ci/run installs it)");
        output.WriteLine($"OCR test not run outside CI: {missing} is not installed");
        return false;
    }
}
