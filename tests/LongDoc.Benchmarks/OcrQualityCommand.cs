using System.Diagnostics;
using System.Globalization;
using LongDoc.Documents;
using LongDoc.Documents.Readers;
using LongDoc.Documents.Readers.Ocr;
using LongDoc.Testing.Scans;

namespace LongDoc.Benchmarks;

/// <summary>
/// `LongDoc.Benchmarks ocr-quality --pdf FILE --pages 2,4,6-8 [--lang eng] [--dpi 300] [--noise]`: makes a scanned
/// version of the pages (ScanMaker), reads it with LongDoc's OCR and, when installed, with OCRmyPDF (its text
/// layer read back by the PDF reader), and prints one Markdown table row: character error rate of each against the
/// original's text layer (page text, headers and footers), and pages/s.
/// </summary>
static class OcrQualityCommand
{
    public const string Usage = "usage: LongDoc.Benchmarks ocr-quality --pdf FILE --pages 2,4,6-8 [--lang eng] [--dpi 300] [--noise]";

    sealed record Options(string Pdf = "", int[]? Pages = null, string Lang = "eng", int Dpi = 300, bool Noise = false);

    static readonly Dictionary<string, Func<Options, string, Options>> Setters = new()
    {
        ["--pdf"] = (o, v) => o with { Pdf = v },
        ["--pages"] = (o, v) => o with { Pages = [.. v.Split(',').SelectMany(Range)] },
        ["--lang"] = (o, v) => o with { Lang = v },
        ["--dpi"] = (o, v) => o with { Dpi = int.Parse(v, CultureInfo.InvariantCulture) },
    };

    public static int Run(string[] args)
    {
        var o = new Options();
        for (int i = 0; i < args.Length; i++)
            if (args[i] == "--noise") o = o with { Noise = true };
            else if (Setters.TryGetValue(args[i], out var set) && i + 1 < args.Length) o = set(o, args[++i]);
            else { Console.Error.WriteLine(Usage); return 2; }
        if (ScanMaker.Missing() is { } tool) { Console.Error.WriteLine($"ocr-quality needs {tool}"); return 2; }

        var folder = Directory.CreateTempSubdirectory("longdoc-ocrq-").FullName;
        try
        {
            var original = DocumentReaders.ReadFile(o.Pdf, ReadOptions.Default with { Ocr = OcrOptions.Default with { Mode = OcrMode.Off } });
            var degradation = o.Noise ? ScanMaker.Degradation.NoisySkewed : ScanMaker.Degradation.Clean;
            var numbers = o.Pages ?? [1];
            var scan = ScanMaker.ToPdf(numbers.Select(n => ScanMaker.RenderPage(o.Pdf, n, o.Dpi, degradation, folder)).ToList(), Path.Combine(folder, "scan.pdf"));
            var references = numbers.Select(n => PageText(original, n)).ToArray();

            var clock = Stopwatch.StartNew();
            // A page time limit far above any page's time: a slow (shared) machine must not turn into missing pages.
            var ours = DocumentReaders.ReadFile(scan, ReadOptions.Default with { Ocr = OcrOptions.Default with { Languages = o.Lang, PageTimeoutSeconds = 3600 } });
            var oursSeconds = clock.Elapsed.TotalSeconds;
            foreach (var warning in ours.Warnings) Console.Error.WriteLine($"warning: {warning}");
            var oursCer = Cer(references, numbers.Select((_, i) => PageText(ours, i + 1)).ToArray());

            string theirs = "not installed";
            if (ScanMaker.OnPath("ocrmypdf"))
            {
                var output = Path.Combine(folder, "ocrmypdf.pdf");
                var sidecar = Path.Combine(folder, "ocrmypdf.txt");
                clock.Restart();
                ScanMaker.Run("ocrmypdf", ["-l", o.Lang, "--output-type", "pdf", "--optimize", "0", "--quiet", "--sidecar", sidecar, scan, output], minutes: 60);
                var seconds = clock.Elapsed.TotalSeconds;
                // Its plain-text output, pages split at form feeds; lines joined as the PDF reader joins them (hyphens at line ends undone).
                var text = File.ReadAllText(sidecar).Split('\f');
                var pagesText = numbers.Select((_, i) => i < text.Length ? Joined(text[i]) : "").ToArray();
                theirs = $"{Cer(references, pagesText):P2} | {numbers.Length / seconds:F2}";
            }
            var name = Path.GetFileName(o.Pdf);
            Console.WriteLine($"| {name} p. {string.Join(",", numbers)} | {o.Lang} | {o.Dpi} | {(o.Noise ? "noise 0.3, skew 1.2°" : "clean")} | " +
                $"{oursCer:P2} | {numbers.Length / oursSeconds:F2} | {theirs} | {ours.Recognized.Select(r => r.Confidence).DefaultIfEmpty(0).Average():F1} |");
            return 0;
        }
        finally { Directory.Delete(folder, true); }
    }

    // A page's text as a reader of the page would take it: its headers and footers, then its blocks.
    static string PageText(Document d, int page) =>
        string.Join(" ", d.Furniture.Where(f => f.FirstPage == page && f.Kind == BlockKind.Header).Select(f => f.Text)
            .Append(page <= d.PageCount ? d.Pages[page - 1].Text : "")
            .Concat(d.Furniture.Where(f => f.FirstPage == page && f.Kind == BlockKind.Footer).Select(f => f.Text)));

    static IEnumerable<int> Range(string part)
    {
        var ends = part.Split('-').Select(x => int.Parse(x, CultureInfo.InvariantCulture)).ToArray();
        return Enumerable.Range(ends[0], ends[^1] - ends[0] + 1);
    }

    static string Joined(string page) => System.Text.RegularExpressions.Regex.Replace(page, @"(?<=\p{L})-\n(?=\p{Ll})", "");

    // Pooled over pages: total edits over total reference characters.
    static double Cer(string[] references, string[] recognised)
    {
        double edits = 0, chars = 0;
        for (int i = 0; i < references.Length; i++)
        {
            int length = CharacterErrorRate.Normalize(references[i]).Length;
            edits += CharacterErrorRate.Compute(references[i], recognised[i]) * length;
            chars += length;
        }
        return chars == 0 ? 0 : edits / chars;
    }
}
