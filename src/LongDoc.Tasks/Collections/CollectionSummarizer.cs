using System.Text;
using LongDoc.Runtime.Chat;
using LongDoc.Tasks.Answers;
using LongDoc.Tasks.Models;
using LongDoc.Tasks.Prompts;

namespace LongDoc.Tasks.Collections;

/// <summary>
/// The reduce step of a collection's summary; the map step is each document's own summary (the service's stored
/// one, or the command line's summarizers), given as <see cref="DocumentDigest"/>s. Without a model the overview is
/// one line per document, its summary's lead statement, labelled extractive; with one, the model combines the
/// documents' summaries (each cut to an equal share of the context when they do not fit together), citing them "[D1]".
/// </summary>
public static class CollectionSummarizer
{
    public const string ExtractiveLabel =
        "Extractive collection summary (no language model): each document's summary, led by its first statement.";

    /// <summary>A lead statement is cut at its first sentence end after this many characters.</summary>
    public const int LeadCharacters = 300;

    public static CollectionSummary Extractive(string name, IReadOnlyList<DocumentDigest> documents) =>
        new(name, TaskMode.Extractive, string.Join("\n", documents.Select((d, i) => $"- [{DocumentRef.Label(i)}] {d.Document.Name}: {Lead(d.Summary)}")), documents);

    public static async Task<CollectionSummary> SummarizeAsync(IDocumentModel model, string name, IReadOnlyList<DocumentDigest> documents,
        int summaryTokens = 512, CancellationToken ct = default)
    {
        if (documents.Count == 0) return Extractive(name, documents);
        var messages = Prompt(model, name, documents, summaryTokens);
        var text = new StringBuilder();
        await foreach (var chunk in model.ChatAsync(messages, summaryTokens, null, ct)) text.Append(chunk.Text);
        return new CollectionSummary(name, TaskMode.Model, text.ToString().Trim(), documents, model.Name);
    }

    // The documents' summaries, each cut (by characters, in proportion to its tokens) until the prompt fits.
    static IReadOnlyList<ChatMessage> Prompt(IDocumentModel model, string name, IReadOnlyList<DocumentDigest> documents, int summaryTokens)
    {
        var texts = documents.Select(d => d.Summary).ToArray();
        for (int round = 0; ; round++)
        {
            var messages = PromptBuilder.CombineDocuments(name, documents.Select((d, i) => (DocumentRef.Label(i), d.Document.Name, texts[i])));
            int excess = model.CountPromptTokens(messages) + summaryTokens - model.ContextSize;
            if (excess <= 0) return messages;
            int longest = Enumerable.Range(0, texts.Length).MaxBy(i => texts[i].Length);
            if (texts[longest].Length == 0)
                throw new ArgumentException($"the model's context ({model.ContextSize} tokens) cannot hold the {documents.Count} documents' names");
            int share = Math.Max(0, (model.ContextSize - summaryTokens) / texts.Length);
            for (int i = 0; i < texts.Length; i++)
            {
                int tokens = model.CountTokens(texts[i]);
                if (tokens > share || i == longest) texts[i] = texts[i][..(int)(texts[i].Length * Math.Min(0.9, (double)share / Math.Max(1, tokens)))];
            }
        }
    }

    /// <summary>The first statement of a summary: its first line that is not a heading, a quoted label or empty, cut after a sentence.</summary>
    public static string Lead(string summary)
    {
        var line = summary.Split('\n').Select(l => l.Trim()).FirstOrDefault(l => l.Length > 0 && l[0] is not ('#' or '>')) ?? "";
        line = line.TrimStart('-', '*', ' ');
        if (line.Length <= LeadCharacters) return line;
        int end = line.IndexOfAny(['.', '!', '?'], LeadCharacters);
        return end < 0 || end == line.Length - 1 ? line : line[..(end + 1)] + " ...";
    }
}
