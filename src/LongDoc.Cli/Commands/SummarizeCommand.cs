using System.CommandLine;
using System.Diagnostics;
using LongDoc.Documents;
using LongDoc.Tasks.Collections;
using LongDoc.Tasks.Extractive;
using LongDoc.Tasks.Languages;
using LongDoc.Tasks.Models;
using LongDoc.Tasks.Summaries;

namespace LongDoc.Cli.Commands;

/// <summary>
/// `longdoc summarize FILE [--style brief|outline|bullets] [--model PATH] [--format md|json] [--out FILE]`.
/// Without a model (none found, or --extractive) the summary is extractive, and says so. `longdoc summarize DIR|FILE...`
/// summarizes a collection: each document's summary (map), then an overview of them all (reduce: <see cref="CollectionSummarizer"/>).
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
        var paths = new Argument<string[]>("file") { Description = CollectionInput.PathsDescription, Arity = ArgumentArity.OneOrMore };
        var style = new Option<string>("--style") { Description = "brief (one paragraph), outline (per section) or bullets (per chapter)", DefaultValueFactory = _ => "brief" };
        style.AcceptOnlyFromAmong([.. Styles.Keys]);
        var format = new Option<string>("--format", "-f") { Description = "md (Markdown) or json", DefaultValueFactory = _ => "md" };
        format.AcceptOnlyFromAmong([.. Renderers.Keys]);
        var output = new Option<FileInfo?>("--out", "-o") { Description = "Write the summary to this file instead of stdout" };
        var command = new Command("summarize", "Summarize a document or a collection (extractive without a model)") { paths, style, format, output };
        options.AddTo(command);
        command.SetAction((r, ct) => ModelErrors.Guard(() => r.GetValue(paths)! is [var one] && !Directory.Exists(one)
            ? Run(r, options, new FileInfo(one), Styles[r.GetValue(style)!], r.GetValue(format)!, r.GetValue(output), ct)
            : RunCollection(r, options, r.GetValue(paths)!, Styles[r.GetValue(style)!], r.GetValue(format)!, r.GetValue(output), ct)));
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
        Write(Renderers[format](summary), output, progress);
        return ExitCodes.Ok;
    }

    static void Write(string text, FileInfo? output, ProgressView progress)
    {
        if (output is null) { Console.Out.Write(text); Console.Out.Flush(); }
        else
        {
            File.WriteAllText(output.FullName, text);
            progress.Info($"wrote {output.FullName}");
        }
    }

    // Each document summarized as alone (the model loaded once), then the overview.
    static async Task<int> RunCollection(ParseResult r, TaskOptions options, string[] paths, SummaryStyle style, string format, FileInfo? output, CancellationToken ct)
    {
        var progress = options.Progress(r);
        if (CollectionInput.Read(paths, options.Reading(r), progress) is not { } members) return ExitCodes.BadInput;
        var name = string.Join(", ", paths.Select(p => Path.GetFileName(Path.TrimEndingDirectorySeparator(p))));
        CollectionSummary summary;
        if (options.Resolve(r, progress) is not { } chosen)
            summary = CollectionSummarizer.Extractive(name, [.. members.Select(m => Digest(m, ExtractiveSummarizer.Summarize(m.Document, style)))]);
        else
        {
            using var opened = options.Open(r, chosen, members[0].Document, progress, ct);
            int tokens = r.GetValue(options.MaxTokens);
            var digests = new List<DocumentDigest>();
            foreach (var m in members)
            {
                progress.Info($"summarizing {m.Ref.Name}");
                digests.Add(Digest(m, (await new ModelSummarizer(opened.Model, m.Document) { SummaryTokens = tokens }.SummarizeAsync(style, progress, ct)).Summary));
            }
            summary = await CollectionSummarizer.SummarizeAsync(opened.Model, name, digests, tokens, ct);
        }
        progress.Clear();
        Write(format == "json" ? CollectionSummaryJson.Serialize(summary) + "\n" : CollectionSummaryMarkdown.Render(summary), output, progress);
        return ExitCodes.Ok;
    }

    static DocumentDigest Digest(CollectionMember member, Summary summary) => new(member.Ref, SummaryMarkdown.Render(summary));

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
