using System.CommandLine;
using LongDoc.Service.Hosting;

namespace LongDoc.Cli.Commands;

/// <summary>
/// `longdoc watch IN --out OUT [--state DIR] [--poll]`: consumes documents dropped into IN (recursively), writing
/// NAME.summary.md and NAME.longdoc.json to OUT. Any other setting as `--Section:Key=value` (see appsettings).
/// </summary>
static class WatchCommand
{
    public static Command Create()
    {
        var input = new Argument<DirectoryInfo>("in") { Description = "Folder to watch (recursively)" };
        var output = new Option<DirectoryInfo>("--out", "-o") { Description = "Folder for results, processed/, failed/ and duplicates/", Required = true };
        var state = new Option<DirectoryInfo?>("--state") { Description = "Folder for the job database (default: OUT/.longdoc-state)" };
        var poll = new Option<bool>("--poll") { Description = "Scan on a timer instead of inotify (network shares)" };
        var command = new Command("watch", "Summarize every document dropped into a folder; nothing is lost across crashes") { input, output, state, poll };
        var ocr = new OcrFlags();
        ocr.AddTo(command);
        command.TreatUnmatchedTokensAsErrors = false;
        command.SetAction((r, ct) =>
        {
            var outDir = r.GetValue(output)!.FullName;
            var overrides = new Dictionary<string, string?>
            {
                ["Extraction:Ocr"] = r.GetValue(ocr.Mode)?.ToString(),
                ["Extraction:OcrLanguages"] = r.GetValue(ocr.Languages),
                ["Watch:Input"] = r.GetValue(input)!.FullName,
                ["Watch:Output"] = outDir,
                ["Jobs:StateFolder"] = r.GetValue(state)?.FullName,
                ["Watch:Polling"] = r.GetValue(poll) ? "true" : null,
            };
            var defaults = new Dictionary<string, string?> { ["Jobs:StateFolder"] = Path.Combine(outDir, ".longdoc-state") };
            return HostRunner.RunAsync(() => LongDocHost.BuildWatch([.. r.UnmatchedTokens], overrides, defaults), ct);
        });
        return command;
    }
}
