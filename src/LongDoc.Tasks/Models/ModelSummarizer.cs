using System.Text;
using LongDoc.Documents;
using LongDoc.Documents.Chunking;
using LongDoc.Runtime.Chat;
using LongDoc.Tasks.Answers;
using LongDoc.Tasks.Prompts;
using LongDoc.Tasks.Summaries;

namespace LongDoc.Tasks.Models;

/// <summary>A model's summary and how it was made: in one pass, or map-reduce over <see cref="Parts"/> parts.</summary>
public sealed record ModelSummary(Summary Summary, bool MapReduce, int Parts);

/// <summary>
/// Summarizes a document with a model. When the whole document fits the context, one pass. Otherwise map-reduce:
/// the document is cut into parts that fit (chunks that never straddle a heading, merged in order while they fit),
/// each part is summarized with its heading and page range (map), and the part summaries are combined (reduce;
/// in rounds when even they do not fit together). The result keeps the outline: an overview section for the whole
/// document, then one section per part with its heading and page range.
/// </summary>
public sealed class ModelSummarizer(IDocumentModel model, Document document)
{
    /// <summary>Tokens kept free for each generated summary.</summary>
    public int SummaryTokens { get; init; } = 512;

    public async Task<ModelSummary> SummarizeAsync(SummaryStyle style, IProgress<TaskProgress>? progress = null,
        CancellationToken cancellationToken = default)
    {
        // A model shown an empty document would invent a summary: no sections, and the rendering says why.
        if (string.IsNullOrWhiteSpace(document.Text)) return new ModelSummary(Make(style, "", []) with { Sections = [] }, false, 0);
        int budget = model.ContextSize - SummaryTokens - model.CountPromptTokens(PromptBuilder.SummarizePart("", "", "pp. 1-1")) - 16;
        if (budget < 16) throw new ArgumentException($"the model's context ({model.ContextSize} tokens) leaves no room for the document");
        var whole = DocumentRenderer.Render(document);
        int pages = document.PageCount;
        if (model.CountTokens(whole) <= budget)
        {
            var text = await Generate(PromptBuilder.Summarize(whole, style), "reading", pages, progress, cancellationToken);
            return new ModelSummary(Make(style, text, []), false, 1);
        }

        var parts = Parts(budget);
        var mapped = new SummarySection[parts.Count];
        // Up to the model's MaxConcurrent parts at once (an engine batches them); the sections stay in document order.
        await Parallel.ForEachAsync(Enumerable.Range(0, parts.Count),
            new ParallelOptions { MaxDegreeOfParallelism = Math.Max(1, model.MaxConcurrent), CancellationToken = cancellationToken },
            async (i, ct) =>
            {
                var (heading, level, first, last, partText) = parts[i];
                var range = first == last ? $"p. {first}" : $"pp. {first}-{last}";
                var text = await Generate(PromptBuilder.SummarizePart(partText, heading, range), $"map {i + 1}/{parts.Count}",
                    last - first + 1, progress, ct);
                mapped[i] = new SummarySection(heading, level, first, last, [new SummaryPoint(text, first)]);
            });
        var overview = await Reduce([.. mapped], style, budget, progress, cancellationToken);
        return new ModelSummary(Make(style, overview, mapped), true, parts.Count);
    }

    // Chunks in order, merged while they fit: (heading of the first chunk, its level, pages, rendered text).
    List<(string Heading, int Level, int First, int Last, string Text)> Parts(int budget)
    {
        var chunks = new Chunker(new ModelTokenCounter(model), new ChunkOptions(Math.Max(16, budget), 0)).Split(document);
        var parts = new List<(string, int, int, int, string)>();
        var text = new StringBuilder();
        int tokens = 0, first = 0, last = 0;
        Chunk? head = null;
        foreach (var chunk in chunks)
        {
            var rendered = DocumentRenderer.PageMarker(chunk.FirstPage) + "\n" + chunk.Text + "\n\n";
            int count = model.CountTokens(rendered);
            if (head != null && tokens + count > budget) { parts.Add(Part(head, first, last, text)); text.Clear(); tokens = 0; head = null; }
            if (head == null) { head = chunk; first = chunk.FirstPage; }
            text.Append(rendered);
            tokens += count;
            last = Math.Max(last, chunk.LastPage);
        }
        if (head != null) parts.Add(Part(head, first, last, text));
        return parts;
    }

    static (string, int, int, int, string) Part(Chunk head, int first, int last, StringBuilder text) =>
        (head.Section.Count > 0 ? head.Section[^1] : "Beginning", head.Section.Count, first, last, text.ToString());

    async Task<string> Reduce(List<SummarySection> sections, SummaryStyle style, int budget, IProgress<TaskProgress>? progress, CancellationToken ct)
    {
        var items = sections.Select(s => (s.Heading, Range(s), s.Points[0].Text)).ToList();
        for (int round = 1; ; round++)
        {
            if (model.CountPromptTokens(PromptBuilder.Combine(items, style)) <= budget + SummaryTokens / 2 || items.Count == 1)
                return await Generate(PromptBuilder.Combine(items, style), "reduce", document.PageCount, progress, ct);
            // Too many part summaries for one prompt: combine them in groups that fit, then again.
            var next = new List<(string, string, string)>();
            for (int i = 0; i < items.Count;)
            {
                int j = i + 1;
                while (j < items.Count && model.CountPromptTokens(PromptBuilder.Combine(items[i..(j + 1)], SummaryStyle.Brief)) <= budget) j++;
                var text = await Generate(PromptBuilder.Combine(items[i..j], SummaryStyle.Brief), $"reduce round {round}", document.PageCount, progress, ct);
                next.Add((items[i].Heading, items[i].Item2, text));
                i = j;
            }
            items = next;
        }
    }

    static string Range(SummarySection s) => s.FirstPage == s.LastPage ? $"p. {s.FirstPage}" : $"pp. {s.FirstPage}-{s.LastPage}";

    async Task<string> Generate(IReadOnlyList<ChatMessage> messages, string stage, int pages, IProgress<TaskProgress>? progress, CancellationToken ct)
    {
        var text = new StringBuilder();
        await foreach (var chunk in model.ChatAsync(messages, SummaryTokens,
            (done, total, elapsed) => progress?.Report(Progress.Prefill(stage, done, total, elapsed, pages)), ct))
            text.Append(chunk.Text);
        return text.ToString().Trim();
    }

    Summary Make(SummaryStyle style, string overview, IReadOnlyList<SummarySection> parts) =>
        new(document.Title, document.Source, style, TaskMode.Model, document.PageCount,
            [new SummarySection(document.Title, 0, 1, Math.Max(1, document.PageCount), [new SummaryPoint(overview, 1)]), .. parts],
            model.Name);
}
