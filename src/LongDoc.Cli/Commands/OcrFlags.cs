using System.CommandLine;
using LongDoc.Documents;
using LongDoc.Documents.Readers;
using LongDoc.Documents.Readers.Ocr;

namespace LongDoc.Cli.Commands;

/// <summary>`--ocr auto|off|force` and `--ocr-lang LANGS` of every command that reads documents.</summary>
sealed class OcrFlags
{
    // No default value here: unset, the read options (or the service's configuration) keep theirs, which is auto.
    public readonly Option<OcrMode?> Mode = new("--ocr")
    {
        Description = "OCR with Tesseract: auto (default: pages without a usable text layer, and images), off, or force (every page)",
    };
    public readonly Option<string?> Languages = new("--ocr-lang") { Description = "Tesseract languages joined by '+' (eng+deu+chi_sim); default: every installed pack" };

    public void AddTo(Command command)
    {
        command.Options.Add(Mode);
        command.Options.Add(Languages);
    }

    public ReadOptions Apply(ParseResult result, ReadOptions options) =>
        options with { Ocr = options.Ocr with { Mode = result.GetValue(Mode) ?? options.Ocr.Mode, Languages = result.GetValue(Languages) ?? options.Ocr.Languages } };

    /// <summary>"pages 1-3, 5 recognised by OCR (eng+deu): 1,234 words, mean confidence 91.2%", or null when no page was.</summary>
    public static string? Summary(Document document)
    {
        var pages = document.Recognized;
        if (pages.Count == 0) return null;
        var ranges = new List<string>();
        for (int i = 0; i < pages.Count; )
        {
            int j = i;
            while (j + 1 < pages.Count && pages[j + 1].Page == pages[j].Page + 1) j++;
            ranges.Add(i == j ? $"{pages[i].Page}" : $"{pages[i].Page}-{pages[j].Page}");
            i = j + 1;
        }
        var languages = string.Join(", ", pages.Select(p => p.Languages).Distinct());
        int words = pages.Sum(p => p.Words);
        var found = words == 0 ? "no words found" : $"{words:N0} words, mean confidence {pages.Sum(p => p.Confidence * p.Words) / words:F1}%";
        return $"{(pages.Count == 1 ? "page" : "pages")} {string.Join(", ", ranges)} recognised by OCR ({languages}): {found}";
    }
}
