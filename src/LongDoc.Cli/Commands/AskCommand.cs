using System.CommandLine;
using LongDoc.Documents;
using LongDoc.Tasks.Answers;
using LongDoc.Tasks.Collections;
using LongDoc.Tasks.Extractive;
using LongDoc.Tasks.Languages;
using LongDoc.Tasks.Models;

namespace LongDoc.Cli.Commands;

/// <summary>
/// `longdoc ask FILE "question" [--model PATH] [--format text|json]`: a model's answer streamed to stdout with its
/// page citations checked, or without a model the best passages (extractive mode, labelled; --retrieval hybrid or
/// lexical). `longdoc ask DIR|FILE... "question"` asks a collection (<see cref="CollectionSession"/>): the last
/// argument is the question.
/// </summary>
static class AskCommand
{
    public static Command Create()
    {
        var options = new TaskOptions();
        var retrieval = new RetrievalOptions();
        var arguments = new Argument<string[]>("file") { Description = CollectionInput.PathsDescription + "; then the question, in quotes", Arity = new ArgumentArity(2, 100_000) };
        var format = new Option<string>("--format", "-f") { Description = "text or json ({answer, mode, citations, pagesRead}; a collection's citations name their document)", DefaultValueFactory = _ => "text" };
        format.AcceptOnlyFromAmong("text", "json");
        var command = new Command("ask", "Answer a question about a document, or a collection of documents, citing pages") { arguments, format };
        options.AddTo(command);
        retrieval.AddTo(command);
        // The last argument is the question; one FILE before it is a document, anything else a collection.
        command.SetAction((r, ct) => ModelErrors.Guard(() => r.GetValue(arguments)! is [.. var paths, var question] && paths is [var one] && !Directory.Exists(one)
            ? Run(r, options, retrieval, new FileInfo(one), question, r.GetValue(format) == "json", ct)
            : RunCollection(r, options, retrieval, r.GetValue(arguments)![..^1], r.GetValue(arguments)![^1], r.GetValue(format) == "json", ct)));
        return command;
    }

    static async Task<int> RunCollection(ParseResult r, TaskOptions options, RetrievalOptions retrieval, string[] paths, string question, bool json, CancellationToken ct)
    {
        var progress = options.Progress(r);
        if (CollectionInput.Read(paths, options.Reading(r), progress) is not { } members) return ExitCodes.BadInput;
        using var session = CollectionSession.Open(r, options, retrieval, members, json, progress, ct);
        var answer = await session.Ask(question);
        if (json) { Console.Out.Write(CollectionAnswerJson.Serialize(answer) + "\n"); Console.Out.Flush(); }
        return ExitCodes.Ok;
    }

    static async Task<int> Run(ParseResult r, TaskOptions options, RetrievalOptions retrieval, FileInfo file, string question, bool json, CancellationToken ct)
    {
        var progress = options.Progress(r);
        var document = DocumentInput.Read(file, options.Reading(r));
        if (document is null) return ExitCodes.BadInput;
        progress.Info($"read {file.Name}: {DocumentInput.Pages(document.PageCount)}; {LanguageDetection.Detect(document)}");
        if (options.Resolve(r, progress) is not { } chosen)
        {
            var semantic = retrieval.Semantic(r, r.GetValue(options.Cache.Off), document, progress);
            var extractive = ExtractiveAnswerer.Ask(document, question, semantic);
            progress.Clear();
            Write(extractive, json);
            return ExitCodes.Ok;
        }
        using var opened = options.Open(r, chosen, document, progress, ct);
        var model = opened.Model;
        var passages = retrieval.ForModel(r, r.GetValue(options.Cache.Off), document, progress, ct);
        try
        {
            var asker = new ModelAsker(model, document) { AnswerTokens = r.GetValue(options.MaxTokens), Search = passages };
            var answer = await AskModel(asker, question, json, progress, ct);
            if (json) Write(answer, json);
            return ExitCodes.Ok;
        }
        finally { if (passages is { IsValueCreated: true }) passages.Value.Dispose(); }
    }

    /// <summary>Text format streams the answer and then prints its citations; JSON waits for the whole answer.</summary>
    public static Task<Answer> AskModel(ModelAsker asker, string question, bool json, ProgressView progress, CancellationToken ct) =>
        AnswerStream.Run(onText => asker.AskAsync(question, onText, progress, ct), json, progress, AnswerText.Footer);

    public static void Write(Answer answer, bool json)
    {
        Console.Out.Write(json ? AnswerJson.Serialize(answer) + "\n" : AnswerText.Render(answer));
        Console.Out.Flush();
    }
}
