using System.Text;
using LongDoc.Documents;
using LongDoc.Tasks.Answers;
using LongDoc.Tasks.Citations;
using LongDoc.Tasks.Prompts;

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

    readonly CitationVerifier verifier = new(document);

    public ReadingPlan Plan(string question)
    {
        var note = PagesNote([1]);
        int overhead = model.CountPromptTokens(PromptBuilder.Ask("", question, note));
        return ReadingPlan.ForQuestion(model, document, question, model.ContextSize - AnswerTokens - overhead);
    }

    /// <summary>Answers; <paramref name="onText"/> receives the answer as it streams.</summary>
    public async Task<Answer> AskAsync(string question, Action<string>? onText = null, IProgress<TaskProgress>? progress = null,
        CancellationToken cancellationToken = default)
    {
        var plan = Plan(question);
        var messages = PromptBuilder.Ask(plan.Text, question, plan.Whole ? null : PagesNote(plan.Pages));
        var text = new StringBuilder();
        int pages = plan.Pages.Count;
        await foreach (var chunk in model.ChatAsync(messages, AnswerTokens,
            (done, total, elapsed) => progress?.Report(Progress.Prefill("reading", done, total, elapsed, pages)), cancellationToken))
        {
            if (chunk.Text.Length == 0) continue;
            text.Append(chunk.Text);
            onText?.Invoke(chunk.Text);
        }
        var answer = text.ToString().Trim();
        var citations = verifier.VerifyAll(CitationParser.Parse(answer, document));
        bool found = !answer.StartsWith(Answer.NotInDocument.TrimEnd('.'), StringComparison.OrdinalIgnoreCase);
        return new Answer(answer, TaskMode.Model, citations, plan.Pages, found);
    }

    static string PagesNote(IReadOnlyList<int> pages) =>
        $"The document is too long to show whole; these are the parts most relevant to the question (pages {PageList.Format(pages)}).";
}
