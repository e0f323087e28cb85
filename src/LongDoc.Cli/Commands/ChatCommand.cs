using System.CommandLine;
using LongDoc.Tasks.Answers;
using LongDoc.Tasks.Extractive;
using LongDoc.Tasks.Languages;
using LongDoc.Tasks.Models;
using LongDoc.Tasks.Search;

namespace LongDoc.Cli.Commands;

/// <summary>
/// `longdoc chat FILE`: questions one per line (typed, or piped on stdin), each answered in turn. The document is
/// read and indexed once; with a model, every question's prompt starts with the same document prefix, so the
/// model's cache keeps it and only the question is prefilled again. Ends at end of input or "exit".
/// `longdoc chat DIR|FILE...` chats with a collection (<see cref="CollectionSession"/>).
/// </summary>
static class ChatCommand
{
    public static Command Create()
    {
        var options = new TaskOptions();
        var retrieval = new RetrievalOptions();
        var paths = new Argument<string[]>("file") { Description = CollectionInput.PathsDescription, Arity = ArgumentArity.OneOrMore };
        var format = new Option<string>("--format", "-f") { Description = "text, or json (one answer object per line)", DefaultValueFactory = _ => "text" };
        format.AcceptOnlyFromAmong("text", "json");
        var command = new Command("chat", "Ask many questions about a document or a collection; one per line on stdin") { paths, format };
        options.AddTo(command);
        retrieval.AddTo(command);
        command.SetAction((r, ct) => ModelErrors.Guard(() => r.GetValue(paths)! is [var one] && !Directory.Exists(one)
            ? Run(r, options, retrieval, new FileInfo(one), r.GetValue(format) == "json", ct)
            : RunCollection(r, options, retrieval, r.GetValue(paths)!, r.GetValue(format) == "json", ct)));
        return command;
    }

    static async Task<int> Run(ParseResult r, TaskOptions options, RetrievalOptions retrieval, FileInfo file, bool json, CancellationToken ct)
    {
        var progress = options.Progress(r);
        var document = DocumentInput.Read(file, options.Reading(r));
        if (document is null) return ExitCodes.BadInput;
        bool interactive = !Console.IsInputRedirected;
        Func<string, Task<Answer>> ask;
        IDisposable? owned;
        if (options.Resolve(r, progress) is { } chosen)
        {
            var opened = options.Open(r, chosen, document, progress, ct);
            var model = opened.Model;
            var passages = retrieval.ForModel(r, r.GetValue(options.Cache.Off), document, progress, ct);
            var asker = new ModelAsker(model, document) { AnswerTokens = r.GetValue(options.MaxTokens), Search = passages };
            ask = q => AskCommand.AskModel(asker, q, json, progress, ct);
            owned = new Owned(opened, passages);
        }
        else
        {
            var search = new PassageSearch(document, retrieval.Semantic(r, r.GetValue(options.Cache.Off), document, progress), ct);
            var answerer = new ExtractiveAnswerer(search);
            Task? rest = null;
            ask = q =>
            {
                var a = answerer.Ask(q);
                progress.Clear();
                // The first answer embedded only its candidates; the rest are embedded while the user reads it.
                rest ??= Task.Run(() => search.EmbedRemaining(ct), ct);
                if (!json) AskCommand.Write(a, false);
                return Task.FromResult(a);
            };
            owned = search;
        }
        using (owned)
        {
            progress.Info($"read {file.Name}: {DocumentInput.Pages(document.PageCount)}; {LanguageDetection.Detect(document)}; ask questions, one per line" + (interactive ? " (\"exit\" to end)" : ""));
            await Loop(async q => AnswerJson.ToJson(await ask(q)), json, interactive, ct);
        }
        return ExitCodes.Ok;
    }

    static async Task<int> RunCollection(ParseResult r, TaskOptions options, RetrievalOptions retrieval, string[] paths, bool json, CancellationToken ct)
    {
        var progress = options.Progress(r);
        if (CollectionInput.Read(paths, options.Reading(r), progress) is not { } members) return ExitCodes.BadInput;
        bool interactive = !Console.IsInputRedirected;
        using var session = CollectionSession.Open(r, options, retrieval, members, json, progress, ct);
        Task? rest = null;
        progress.Info($"{members.Count} documents; ask questions, one per line" + (interactive ? " (\"exit\" to end)" : ""));
        await Loop(async q =>
        {
            var answer = await session.Ask(q);
            // The first answer embedded only its candidates; the rest are embedded while the user reads it.
            rest ??= Task.Run(() => session.Search.EmbedRemaining(ct), ct);
            return CollectionSession.Json(answer);
        }, json, interactive, ct);
        return ExitCodes.Ok;
    }

    // Questions one per line until end of input (or "exit" typed); each answer written by ask, and in JSON one object per line.
    static async Task Loop(Func<string, Task<System.Text.Json.Nodes.JsonObject>> ask, bool json, bool interactive, CancellationToken ct)
    {
        while (!ct.IsCancellationRequested)
        {
            if (interactive) Console.Error.Write("> ");
            var line = Console.In.ReadLine();
            if (line is null || (interactive && line.Trim() is "exit" or "quit")) break;
            if (line.Trim().Length == 0) continue;
            var answer = await ask(line.Trim());
            if (json) Console.Out.WriteLine(answer.ToJsonString(AnswerJson.Compact));
            else Console.Out.WriteLine();
            Console.Out.Flush();
        }
    }

    /// <summary>The model, and the passage search if a question made it.</summary>
    sealed class Owned(IDisposable model, Lazy<PassageSearch>? passages) : IDisposable
    {
        public void Dispose()
        {
            if (passages is { IsValueCreated: true }) passages.Value.Dispose();
            model.Dispose();
        }
    }
}
