using System.Collections.Concurrent;
using System.Globalization;

namespace LongDoc.Documents.Readers.Ocr;

/// <summary>One recognised word: its page (1-based within the image), Tesseract's block/paragraph/line numbers, its box in pixels and confidence (0-100).</summary>
sealed record OcrWord(int Page, int Block, int Paragraph, int Line, int Left, int Top, int Width, int Height, double Confidence, string Text);

/// <summary>A recognised page: its size in pixels and its words in Tesseract's reading order.</summary>
sealed record OcrImagePage(int Page, int Width, int Height, List<OcrWord> Words)
{
    /// <summary>Mean word confidence in percent (0 when no word was found).</summary>
    public double Confidence => Words.Count == 0 ? 0 : Words.Average(w => w.Confidence);
}

/// <summary>Tesseract as a child process: installed languages, and `tesseract IMAGE stdout -l LANGS tsv` parsed.</summary>
static class Tesseract
{
    public const string Install = "apt install tesseract-ocr tesseract-ocr-eng";
    const string ScriptPack = "osd";   // orientation and script detection, not a language
    static readonly TimeSpan ListLimit = TimeSpan.FromSeconds(30);
    static readonly ConcurrentDictionary<string, string[]> Installed = new();

    /// <summary>The languages to recognise with: the asked ones, each checked to be installed, or all installed.</summary>
    public static string Languages(OcrOptions options)
    {
        var installed = Installed.GetOrAdd(options.TesseractCommand, ListLanguages);
        if (installed.Length == 0) throw new OcrUnavailableException($"tesseract has no language packs ({Install})");
        if (string.IsNullOrWhiteSpace(options.Languages)) return string.Join('+', installed);
        var asked = options.Languages.Split('+', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        var missing = asked.FirstOrDefault(l => !installed.Contains(l));
        if (missing is not null)
            throw new OcrUnavailableException($"the OCR language pack '{missing}' is not installed (apt install tesseract-ocr-{missing.ToLowerInvariant().Replace('_', '-')}); installed: {string.Join(", ", installed)}");
        return string.Join('+', asked);
    }

    static string[] ListLanguages(string command)
    {
        var result = ToolProcess.Run(command, ["--list-langs"], ListLimit, Install);
        // "List of available languages in "/usr/share/tesseract-ocr/5/tessdata/" (4):" then one name a line.
        return result.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Where(l => !l.StartsWith("List of", StringComparison.Ordinal) && l != ScriptPack).ToArray();
    }

    /// <summary>Recognises every page of the image file; throws <see cref="TimeoutException"/> past the limit.</summary>
    public static List<OcrImagePage> Recognize(string imagePath, string languages, int? dpi, OcrOptions options, TimeSpan limit)
    {
        List<string> args = [imagePath, "stdout", "-l", languages];
        if (dpi is { } d) args.AddRange(["--dpi", d.ToString(CultureInfo.InvariantCulture)]);
        args.Add("tsv");
        var result = ToolProcess.Run(options.TesseractCommand, args, limit, Install);
        if (result.ExitCode != 0)
            throw new InvalidDataException($"tesseract could not read the image (exit code {result.ExitCode}: {LastLine(result.Stderr)})");
        return TesseractTsv.Parse(result.Stdout);
    }

    static string LastLine(string text) =>
        text.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).LastOrDefault() ?? "no message";
}
