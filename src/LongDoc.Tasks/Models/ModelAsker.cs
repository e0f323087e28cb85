using LongDoc.Documents;
using LongDoc.Runtime.Chat;
using LongDoc.Tasks.Answers;
using LongDoc.Tasks.Citations;
using LongDoc.Tasks.Prompts;
using LongDoc.Tasks.Search;

namespace LongDoc.Tasks.Models;

/// <summary>
/// Answers questions about one document with a model: the whole document in the prompt when it fits, otherwise the
/// BM25-ranked pieces that fit (<see cref="ReadingPlan"/>), and the answer says which pages were read. The model's
/// page citations are parsed (<see cref="CitationParser"/>) and checked against the page text
/// (<see cref="CitationVerifier"/>). Reuse one asker for many questions: the prompt starts the same way every time,
/// so the model's cache keeps the document's prefill.
/// </summary>
public sealed class ModelAsker(IDocumentModel model, Document document)
{
    /// <summary>Tokens kept free for the answer.</summary>
    public int AnswerTokens { get; init; } = 512;

    /// <summary>
    /// Hybrid search over the document's passages, made on first use (it embeds the passages), owned by the caller:
    /// when the document does not fit the context, the pieces holding its best passages are read first
    /// (<see cref="ReadingPlan"/>). Null: BM25 alone.
    /// </summary>
    public Lazy<PassageSearch>? Search { get; init; }

    readonly CitationVerifier verifier = new(document);

    /// <summary>
    /// What of the document the prompt holds. The budget is the context less the answer and the prompt around the
    /// document; pieces counted apart can tokenize a little differently together, so the full prompt is counted
    /// and the budget shrunk by the excess until it fits.
    /// </summary>
    public ReadingPlan Plan(string question) => PlanAndPrompt(question).Plan;

    (ReadingPlan Plan, IReadOnlyList<ChatMessage> Messages) PlanAndPrompt(string question)
    {
        int overhead = model.CountPromptTokens(PromptBuilder.Ask("", question, PagesNote([1])));
        int budget = model.ContextSize - AnswerTokens - overhead;
        while (true)
        {
            var plan = ReadingPlan.ForQuestion(model, document, question, budget, Search);
            var messages = PromptBuilder.Ask(plan.Text, question, plan.Whole ? null : PagesNote(plan.Pages));
            int excess = model.CountPromptTokens(messages) + AnswerTokens - model.ContextSize;
            if (excess <= 0) return (plan, messages);
            budget -= excess + 8;
        }
    }

    /// <summary>Answers; <paramref name="onText"/> receives the answer as it streams.</summary>
    public async Task<Answer> AskAsync(string question, Action<string>? onText = null, IProgress<TaskProgress>? progress = null,
        CancellationToken cancellationToken = default)
    {
        // A model shown an empty document would answer from its own knowledge: there is nothing to read.
        if (string.IsNullOrWhiteSpace(document.Text)) return Answer.WithoutText(TaskMode.Model);
        var (plan, messages) = PlanAndPrompt(question);
        var answer = await AnswerReading.ReadAsync(model, messages, AnswerTokens, plan.Pages.Count, onText, progress, cancellationToken);
        var citations = verifier.VerifyAll(CitationParser.Parse(answer, document));
        bool found = !answer.StartsWith(Answer.NotInDocument.TrimEnd('.'), StringComparison.OrdinalIgnoreCase);
        return new Answer(answer, TaskMode.Model, citations, plan.Pages, found);
    }

    static string PagesNote(IReadOnlyList<int> pages) =>
        $"The document is too long to show whole; these are the parts most relevant to the question (pages {PageList.Format(pages)}).";
}
