using LongDoc.Runtime.Chat;
using LongDoc.Tasks.Answers;
using LongDoc.Tasks.Citations;
using LongDoc.Tasks.Models;
using LongDoc.Tasks.Prompts;
using LongDoc.Tasks.Search;

namespace LongDoc.Tasks.Collections;

/// <summary>What of which documents a collection's prompt holds: each read member (in collection order) and its plan.</summary>
public sealed record CollectionReading(IReadOnlyList<(int Member, ReadingPlan Plan)> Reads);

/// <summary>
/// Answers questions about a collection with a model. Every document whole when the collection fits the context;
/// otherwise the best documents for the question first (<see cref="CollectionSearch.Rank"/>), at most
/// <see cref="MaxDocuments"/>, each given an equal share of what the context has left and read as one document is
/// read within its share (<see cref="ReadingPlan"/>: whole, or its pieces holding its best passages first). The
/// documents go into the prompt in collection order, each labelled "D1", "D2", ... (<see cref="DocumentRef.Label"/>);
/// the model cites "[D2, p. 4]", and each citation is checked against that document's page text. The answer lists
/// what was read of which document.
/// </summary>
public sealed class CollectionAsker(IDocumentModel model, CollectionSearch search)
{
    /// <summary>Most documents read for one question when the collection does not fit the context.</summary>
    public const int MaxDocuments = 8;

    /// <summary>A document is read only if its share of the context is at least this many tokens.</summary>
    public const int MinimumShare = 256;

    /// <summary>Tokens counted for a document's tags and note, besides its name.</summary>
    public const int WrapperTokens = 48;

    /// <summary>Tokens kept free for the answer.</summary>
    public int AnswerTokens { get; init; } = 512;

    readonly CitationVerifier?[] verifiers = new CitationVerifier?[search.Members.Count];

    /// <summary>What the prompt holds for the question; pieces counted apart can tokenize differently together, so the budget shrinks until the whole prompt fits.</summary>
    public CollectionReading Plan(string question) => PlanAndPrompt(question).Reading;

    (CollectionReading Reading, IReadOnlyList<ChatMessage> Messages) PlanAndPrompt(string question)
    {
        int budget = model.ContextSize - AnswerTokens - model.CountPromptTokens(PromptBuilder.AskCollection([], question));
        while (true)
        {
            var reading = Choose(question, budget);
            var messages = Prompt(reading, question);
            int excess = model.CountPromptTokens(messages) + AnswerTokens - model.ContextSize;
            if (excess <= 0) return (reading, messages);
            budget -= excess + 8;
        }
    }

    CollectionReading Choose(string question, int budget)
    {
        var withText = Enumerable.Range(0, search.Members.Count).Where(m => !string.IsNullOrWhiteSpace(search.Members[m].Document.Text)).ToHashSet();
        var whole = withText.Order().Select(m => (Member: m, Text: DocumentRenderer.Render(search.Members[m].Document))).ToList();
        if (whole.Sum(w => model.CountTokens(w.Text) + Wrapper(w.Member)) <= budget)
            return new CollectionReading([.. whole.Select(w => (w.Member, new ReadingPlan(w.Text, [.. Enumerable.Range(1, search.Members[w.Member].Document.PageCount)], true, 1)))]);
        var order = search.Rank(question).Where(withText.Contains).Take(MaxDocuments).ToList();
        var reads = new List<(int Member, ReadingPlan Plan)>();
        int remaining = budget;
        for (int i = 0; i < order.Count; i++)
        {
            int member = order[i];
            int share = remaining / (order.Count - i) - Wrapper(member);
            if (share < MinimumShare) break;
            var plan = ReadingPlan.ForQuestion(model, search.Members[member].Document, question, share, new Lazy<PassageSearch>(search.Of(member)));
            reads.Add((member, plan));
            remaining -= model.CountTokens(plan.Text) + Wrapper(member);
        }
        return new CollectionReading([.. reads.OrderBy(r => r.Member)]);
    }

    int Wrapper(int member) => WrapperTokens + model.CountTokens(search.Members[member].Ref.Name);

    IReadOnlyList<ChatMessage> Prompt(CollectionReading reading, string question) =>
        PromptBuilder.AskCollection(reading.Reads.Select(r => (DocumentRef.Label(r.Member), search.Members[r.Member].Ref.Name, r.Plan.Text,
            r.Plan.Whole ? null : $"Of {DocumentRef.Label(r.Member)}, only the parts most relevant to the question are shown (pages {PageList.Format(r.Plan.Pages)}).")), question);

    /// <summary>Answers; <paramref name="onText"/> receives the answer as it streams.</summary>
    public async Task<CollectionAnswer> AskAsync(string question, Action<string>? onText = null, IProgress<TaskProgress>? progress = null,
        CancellationToken cancellationToken = default)
    {
        var (reading, messages) = PlanAndPrompt(question);
        // A model shown no text would answer from its own knowledge: there is nothing to read.
        if (reading.Reads.Count == 0) return new CollectionAnswer(CollectionAnswer.NotInDocuments, TaskMode.Model, [], [], Found: false);
        var answer = await AnswerReading.ReadAsync(model, messages, AnswerTokens, reading.Reads.Sum(r => r.Plan.Pages.Count), onText, progress,
            cancellationToken);
        var documents = search.Members.Select(m => m.Document).ToList();
        var citations = CitationParser.Parse(answer, documents)
            .Select(c => new DocumentCitation(search.Members[c.Document].Ref, Verifier(c.Document).Verify(c.Citation))).ToList();
        bool found = !answer.StartsWith("Not in the document", StringComparison.OrdinalIgnoreCase);
        return new CollectionAnswer(answer, TaskMode.Model, citations,
            [.. reading.Reads.Select(r => new DocumentPages(search.Members[r.Member].Ref, r.Plan.Pages))], found);
    }

    CitationVerifier Verifier(int member) => verifiers[member] ??= new CitationVerifier(search.Members[member].Document);
}
