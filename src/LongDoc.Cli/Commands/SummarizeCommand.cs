using System.CommandLine;
using System.Diagnostics;
using LongDoc.Documents;
using LongDoc.Tasks.Extractive;
using LongDoc.Tasks.Languages;
using LongDoc.Tasks.Models;
using LongDoc.Tasks.Summaries;

namespace LongDoc.Cli.Commands;

/// <summary>
/// `longdoc summarize FILE [--style brief|outline|bullets] [--model PATH] [--format md|json] [--out FILE]`.
/// Without a model (none found, or --extractive) the summary is extractive, and says so.
/// </summary>
static class SummarizeCommand
{
    static readonly Dictionary<string, SummaryStyle> Styles = new()
    {
        ["brief"] = SummaryStyle.Brief, ["outline"] = SummaryStyle.Outline, ["bullets"] = SummaryStyle.Bullets,
    };

    static readonly Dictionary<string, Func<Summary, string>> Renderers = new()
    {
        ["md"] = SummaryMarkdown.Render,
        ["json"] = s => SummaryJson.Serialize(s) + "\n",
    };

    public static Command Create()
    {
        var options = new TaskOptions();
        var file = new Argument<FileInfo>("file") { Description = DocumentInput.FileDescription };
        var style = new Option<string>("--style") { Description = "brief (one paragraph), outline (per section) or bullets (per chapter)", DefaultValueFactory = _ => "brief" };
        style.AcceptOnlyFromAmong([.. Styles.Keys]);
        var format = new Option<string>("--format", "-f") { Description = "md (Markdown) or json", DefaultValueFactory = _ => "md" };
        format.AcceptOnlyFromAmong([.. Renderers.Keys]);
        var output = new Option<FileInfo?>("--out", "-o") { Description = "Write the summary to this file instead of stdout" };
        var command = new Command("summarize", "Summarize a document (extractive without a model)") { file, style, format, output };
        options.AddTo(command);
        command.SetAction((r, ct) => ModelErrors.Guard(() => Run(r, options, r.GetValue(file)!, Styles[r.GetValue(style)!],
            r.GetValue(format)!, r.GetValue(output), ct)));
        return command;
    }

    static async Task<int> Run(ParseResult r, TaskOptions options, FileInfo file, SummaryStyle style, string format, FileInfo? output, CancellationToken ct)
    {
        var progress = options.Progress(r);
        var clock = Stopwatch.StartNew();
        var document = DocumentInput.Read(file, options.Reading(r));
        if (document is null) return ExitCodes.BadInput;
        progress.Info($"read {file.Name}: {DocumentInput.Pages(document.PageCount)} in {clock.Elapsed.TotalSeconds:F1} s; {LanguageDetection.Detect(document)}");
        var summary = await Summarize(r, options, document, style, progress, ct);
        progress.Clear();
        var text = Renderers[format](summary);
        if (output is null) { Console.Out.Write(text); Console.Out.Flush(); }
        else
        {
            File.WriteAllText(output.FullName, text);
            progress.Info($"wrote {output.FullName}");
        }
        return ExitCodes.Ok;
    }

    static async Task<Summary> Summarize(ParseResult r, TaskOptions options, Document document, SummaryStyle style, ProgressView progress, CancellationToken ct)
    {
        if (options.Resolve(r, progress) is not { } chosen)
        {
            return ExtractiveSummarizer.Summarize(document, style);
        }
        using var opened = options.Open(r, chosen, document, progress, ct);
        var model = opened.Model;
        var result = await new ModelSummarizer(model, document) { SummaryTokens = r.GetValue(options.MaxTokens) }.SummarizeAsync(style, progress, ct);
        progress.Info(result.MapReduce ? $"map-reduce over {result.Parts} parts (the document is longer than the {model.ContextSize}-token context)" : "read in one pass");
        return result.Summary;
    }
}
