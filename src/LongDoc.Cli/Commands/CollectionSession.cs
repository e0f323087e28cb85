using System.CommandLine;
using System.Text.Json.Nodes;
using LongDoc.Tasks.Collections;
using LongDoc.Tasks.Languages;

namespace LongDoc.Cli.Commands;

/// <summary>
/// `longdoc ask DIR|FILE... "question"` and `longdoc chat DIR|FILE...` over a collection: the documents read and
/// searched once (<see cref="CollectionSearch"/>), each question answered by the model when one is found
/// (<see cref="CollectionAsker"/>, streamed) or extractively (<see cref="CollectionAnswerer"/>). Text output names
/// each citation's document; JSON is <see cref="CollectionAnswerJson"/>.
/// </summary>
sealed class CollectionSession : IDisposable
{
    readonly CollectionSearch search;
    readonly OpenedModel? opened;
    readonly Func<string, Task<CollectionAnswer>> ask;

    CollectionSession(CollectionSearch search, OpenedModel? opened, Func<string, Task<CollectionAnswer>> ask)
    {
        this.search = search;
        this.opened = opened;
        this.ask = ask;
    }

    public CollectionSearch Search => search;

    /// <summary>The collection's search and the model (or extractive mode), as the options say; text output streams to stdout.</summary>
    public static CollectionSession Open(ParseResult r, TaskOptions options, RetrievalOptions retrieval, IReadOnlyList<CollectionMember> members,
        bool json, ProgressView progress, CancellationToken ct)
    {
        // One embedding model for every document; a document it cannot serve (its language) is searched lexically.
        var probe = members.FirstOrDefault(m => LanguageDetection.Detect(m.Document).Language.Embeddable) ?? members[0];
        var chosen = options.Resolve(r, progress);
        var search = new CollectionSearch(members, retrieval.Semantic(r, r.GetValue(options.Cache.Off), probe.Document, progress), ct);
        if (chosen is null)
        {
            var answerer = new CollectionAnswerer(search);
            return new CollectionSession(search, null, q =>
            {
                var a = answerer.Ask(q);
                progress.Clear();
                if (!json) Write(a);
                return Task.FromResult(a);
            });
        }
        try
        {
            var model = options.Open(r, chosen, members[0].Document, progress, ct);
            var asker = new CollectionAsker(model.Model, search) { AnswerTokens = r.GetValue(options.MaxTokens) };
            return new CollectionSession(search, model, q => AskModel(asker, q, json, progress, ct));
        }
        catch
        {
            search.Dispose();
            throw;
        }
    }

    public Task<CollectionAnswer> Ask(string question) => ask(question);

    public static JsonObject Json(CollectionAnswer answer) => CollectionAnswerJson.ToJson(answer);

    /// <summary>Text format streams the answer and then prints its citations; JSON waits for the whole answer.</summary>
    static Task<CollectionAnswer> AskModel(CollectionAsker asker, string question, bool json, ProgressView progress, CancellationToken ct) =>
        AnswerStream.Run(onText => asker.AskAsync(question, onText, progress, ct), json, progress, CollectionAnswerText.Footer);

    static void Write(CollectionAnswer answer)
    {
        Console.Out.Write(CollectionAnswerText.Render(answer));
        Console.Out.Flush();
    }

    public void Dispose()
    {
        search.Dispose();
        opened?.Dispose();
    }
}
