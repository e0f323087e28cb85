using LongDoc.Runtime.Chat;
using LongDoc.Tasks.Answers;
using LongDoc.Tasks.Collections;
using LongDoc.Tasks.Summaries;

namespace LongDoc.Tasks.Prompts;

/// <summary>
/// The conversations the jobs send to a model. The document goes in the user turn (some templates have no system
/// turn), between "&lt;document&gt;" tags, after the instructions and before the question, so that repeated
/// questions about one document share the longest possible prompt prefix (and its cached state).
/// </summary>
public static class PromptBuilder
{
    public const string AskSystem =
        "You answer questions about one document, using only what the document says. " +
        "After each statement, cite the page it comes from as [p. N], where N is the number in the document's " +
        "[Page N] markers, and quote a few words from that page verbatim in double quotes, e.g. " +
        "The station was founded in 1987 \"the first hut was raised on 14 February 1987\" [p. 5]. " +
        "If the document does not contain the answer, reply exactly: " + Answer.NotInDocument;

    public const string AskCollectionSystem =
        "You answer questions about a collection of documents, using only what the documents say. Each document is " +
        "shown between <document id=\"D1\" name=\"...\"> tags. After each statement, cite the document and page it " +
        "comes from as [D1, p. N], where D1 is the document's id and N the number in that document's [Page N] markers, " +
        "and quote a few words from that page verbatim in double quotes, e.g. " +
        "The lease ends in 2027 \"the term ends on 31 March 2027\" [D2, p. 5]. " +
        "If the documents do not contain the answer, reply exactly: " + CollectionAnswer.NotInDocuments;

    public const string CollectionSummarySystem =
        "You summarize collections of documents faithfully, using only what their summaries say. Cite the documents " +
        "each point comes from as [D1], [D2], where D1 is the id in the heading of that document's summary.";

    public const string SummarySystem =
        "You summarize documents faithfully, using only what the document says. Cite the page of each point as " +
        "[p. N], where N is the number in the document's [Page N] markers.";

    static readonly Dictionary<SummaryStyle, string> StyleInstructions = new()
    {
        [SummaryStyle.Brief] = "Write a brief summary: one paragraph of at most six sentences.",
        [SummaryStyle.Outline] = "Write a summary that follows the document's headings: for each heading, one or two sentences.",
        [SummaryStyle.Bullets] = "Write the summary as bullet points, at most three per chapter, each starting with \"- \".",
    };

    public static IReadOnlyList<ChatMessage> Ask(string documentText, string question, string? pagesNote = null) =>
    [
        ChatMessage.System(AskSystem),
        ChatMessage.User(Wrap(documentText) + (pagesNote is null ? "" : pagesNote + "\n\n") + "Question: " + question.Trim()),
    ];

    public static IReadOnlyList<ChatMessage> Summarize(string documentText, SummaryStyle style) =>
    [
        ChatMessage.System(SummarySystem),
        ChatMessage.User(Wrap(documentText) + StyleInstructions[style]),
    ];

    /// <summary>
    /// A question about several documents: each under its label and name (<paramref name="documents"/>: label, name,
    /// the text read, and a note saying which parts were read when not all), then the question.
    /// </summary>
    public static IReadOnlyList<ChatMessage> AskCollection(IEnumerable<(string Label, string Name, string Text, string? Note)> documents, string question) =>
    [
        ChatMessage.System(AskCollectionSystem),
        ChatMessage.User(string.Concat(documents.Select(d => WrapNamed(d.Label, d.Name, d.Text) + (d.Note is null ? "" : d.Note + "\n\n"))) +
                         "Question: " + question.Trim()),
    ];

    /// <summary>Reduce step of a collection: each document's summary under its label and name, into one summary.</summary>
    public static IReadOnlyList<ChatMessage> CombineDocuments(string collection, IEnumerable<(string Label, string Name, string Summary)> documents) =>
    [
        ChatMessage.System(CollectionSummarySystem),
        ChatMessage.User($"Summaries of the documents of the collection \"{Attribute(collection)}\":\n\n" +
                         string.Join("\n\n", documents.Select(d => $"## [{d.Label}] {Attribute(d.Name)}\n{d.Summary.Trim()}")) +
                         "\n\nWrite a summary of the collection in one paragraph of at most eight sentences: what its documents " +
                         "are about, what they share and where they differ. Cite the documents as [D1]."),
    ];

    /// <summary>Map step of a long document: one part (a chapter or a piece of one), with where it lies.</summary>
    public static IReadOnlyList<ChatMessage> SummarizePart(string partText, string heading, string pageRange) =>
    [
        ChatMessage.System(SummarySystem),
        ChatMessage.User(Wrap(partText) + $"This is the part \"{heading}\" ({pageRange}) of a longer document. " +
                         "Summarize it in at most four sentences, citing pages."),
    ];

    /// <summary>Reduce step: the parts' summaries, each under its heading and page range, into one summary.</summary>
    public static IReadOnlyList<ChatMessage> Combine(IEnumerable<(string Heading, string PageRange, string Summary)> parts, SummaryStyle style) =>
    [
        ChatMessage.System(SummarySystem),
        ChatMessage.User("Summaries of the parts of a document, in order:\n\n" +
                         string.Join("\n\n", parts.Select(p => $"## {p.Heading} ({p.PageRange})\n{p.Summary.Trim()}")) +
                         "\n\n" + StyleInstructions[style] + " Keep the page citations."),
    ];

    const string DocumentClose = "\n</document>";

    static string WrapNamed(string label, string name, string documentText) =>
        $"<document id=\"{label}\" name=\"{Attribute(name)}\">\n" + documentText.TrimEnd() + DocumentClose + "\n\n";

    // A file name inside the prompt's tags and headings: on one line, without the characters that would end them.
    static string Attribute(string name) =>
        new([.. name.Select(c => char.IsControl(c) ? ' ' : c switch { '"' => '\'', '<' => '(', '>' => ')', _ => c })]);

    static string Wrap(string documentText) => "<document>\n" + documentText.TrimEnd() + DocumentClose + "\n\n";

    /// <summary>
    /// The part of a conversation that is the same for every question about one document: the messages before the
    /// last, and the last up to the end of its document (the question or instructions follow). This is the prefix a
    /// model caches, in memory and on disk. Null when the last message holds no document (the reduce step).
    /// </summary>
    public static IReadOnlyList<ChatMessage>? DocumentPrefix(IReadOnlyList<ChatMessage> messages)
    {
        if (messages.Count == 0) return null;
        var last = messages[^1];
        int end = last.Content.LastIndexOf(DocumentClose, StringComparison.Ordinal);
        if (end < 0) return null;
        return [.. messages.Take(messages.Count - 1), last with { Content = last.Content[..(end + DocumentClose.Length)] }];
    }
}
