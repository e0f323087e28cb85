using System.CommandLine;
using System.Diagnostics;
using LongDoc.Documents;
using LongDoc.Documents.Readers;
using LongDoc.Documents.Rendering;
using LongDoc.Service.Processing;

namespace LongDoc.Cli.Commands;

/// <summary>`longdoc extract FILE [--format text|markdown|json] [--password P] [--ocr auto|off|force] [--ocr-lang LANGS] [--stats]`.</summary>
static class ExtractCommand
{
    static readonly Dictionary<string, Func<Document, string>> Renderers = new()
    {
        ["text"] = DocumentPlainText.Render,
        ["markdown"] = DocumentMarkdown.Render,
        ["json"] = d => DocumentJson.Serialize(d) + "\n",
    };

    public static Command Create()
    {
        var file = new Argument<FileInfo>("file") { Description = DocumentInput.FileDescription };
        var format = new Option<string>("--format", "-f") { Description = "Output: text (pages with markers), markdown (structure kept) or json (the full document)", DefaultValueFactory = _ => "text" };
        format.AcceptOnlyFromAmong([.. Renderers.Keys]);
        var password = new Option<string?>("--password") { Description = "User password of an encrypted PDF" };
        var stats = new Option<bool>("--stats") { Description = "Print pages, characters, seconds, pages/s and peak memory to stderr" };
        var ocr = new OcrFlags();
        var command = new Command("extract", "Read a document and print its text with structure and page provenance") { file, format, password, stats };
        ocr.AddTo(command);
        command.SetAction(result => Run(result.GetValue(file)!, result.GetValue(format)!,
            WithProgressLines(ocr.Apply(result, ReadOptions.Default with { Password = result.GetValue(password) })), result.GetValue(stats)));
        return command;
    }

    /// <summary>A child of the service (OcrProgressLine.Variable=1) writes its OCR progress to stderr for the parent.</summary>
    static ReadOptions WithProgressLines(ReadOptions options) =>
        Environment.GetEnvironmentVariable(OcrProgressLine.Variable) != "1" ? options
            : options with { Ocr = options.Ocr with { PagesRecognized = (done, total) => Console.Error.WriteLine(OcrProgressLine.Format(done, total)) } };

    static int Run(FileInfo file, string format, ReadOptions options, bool stats)
    {
        ParentWatch.StartIfAsked();
        var clock = Stopwatch.StartNew();
        Document document;
        try
        {
            document = DocumentReaders.ReadFile(file.FullName, options);
        }
        catch (DocumentReadException e)
        {
            Console.Error.WriteLine($"longdoc: {e.Message}");
            return ExitCodes.BadInput;
        }
        var seconds = clock.Elapsed.TotalSeconds;
        var output = Console.Out;
        output.Write(Renderers[format](document));
        output.Flush();
        DocumentInput.Notes(file, document);
        if (stats)
        {
            var peakMb = Process.GetCurrentProcess().PeakWorkingSet64 / (1024.0 * 1024.0);
            Console.Error.WriteLine(
                $"{file.Name}: {document.Format}, {document.PageCount} pages, {document.Blocks.Count} blocks, {document.Text.Length:N0} characters, " +
                $"{seconds:F2} s, {document.PageCount / Math.Max(seconds, 1e-9):F1} pages/s, peak memory {peakMb:F0} MB");
        }
        return ExitCodes.Ok;
    }
}
