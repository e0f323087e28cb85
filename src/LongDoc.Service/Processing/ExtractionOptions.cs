using System.ComponentModel.DataAnnotations;
using LongDoc.Documents.Readers;
using LongDoc.Documents.Readers.Ocr;

namespace LongDoc.Service.Processing;

/// <summary>Limits of the child process that reads each document (section "Extraction").</summary>
public sealed class ExtractionOptions
{
    /// <summary>Wall-clock limit per document; the child's whole process tree is killed past it.</summary>
    [Range(1, 86400)] public int TimeoutSeconds { get; set; } = 300;

    /// <summary>The child's managed-heap cap (DOTNET_GCHeapHardLimit).</summary>
    [Range(32, 1_048_576)] public int MemoryLimitMb { get; set; } = 2048;

    /// <summary>
    /// Read documents inside the service process: faster, for trusted input only (a hostile PDF can then crash the
    /// service; the job store still loses nothing, and the poison file is parked after its attempts).
    /// </summary>
    public bool InProcess { get; set; }

    /// <summary>The `longdoc` executable or longdoc.dll to run; empty: the one this process was started from.</summary>
    public string? Command { get; set; }

    /// <summary>OCR of pages without a usable text layer, and of images: Auto, Off or Force (run inside the child, within its limits).</summary>
    public OcrMode Ocr { get; set; } = OcrMode.Auto;

    /// <summary>Tesseract languages joined by '+' ("eng+deu"); empty: every installed pack.</summary>
    [RegularExpression("^[A-Za-z_]+(\\+[A-Za-z_]+)*$")] public string? OcrLanguages { get; set; }

    /// <summary>The `longdoc extract` flags that carry these settings to the child.</summary>
    public IEnumerable<string> ChildArguments() =>
        string.IsNullOrWhiteSpace(OcrLanguages) ? ["--ocr", Ocr.ToString().ToLowerInvariant()] : ["--ocr", Ocr.ToString().ToLowerInvariant(), "--ocr-lang", OcrLanguages];

    /// <summary>The same settings for a read in this process; pages recognised are told to <paramref name="phase"/>.</summary>
    public ReadOptions ReadOptions(IProgress<string> phase) => Documents.Readers.ReadOptions.Default with
    {
        Ocr = OcrOptions.Default with
        {
            Mode = Ocr, Languages = string.IsNullOrWhiteSpace(OcrLanguages) ? null : OcrLanguages,
            PagesRecognized = (done, total) => phase.Report(Phases.OcrPages(done, total)),
        },
    };
}
