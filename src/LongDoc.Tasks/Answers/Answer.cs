using LongDoc.Tasks.Citations;

namespace LongDoc.Tasks.Answers;

/// <summary>How an answer or summary was made: by a language model, or extractively (ranked passages, no model).</summary>
public enum TaskMode { Extractive, Model }

/// <summary>
/// An answer to a question about one document. <see cref="Found"/> is false when the answer is
/// <see cref="NotInDocument"/>. <see cref="PagesRead"/> are the pages whose text the answer was made from
/// (all pages when the whole document was searched or read), ascending.
/// </summary>
public sealed record Answer(
    string Text,
    TaskMode Mode,
    IReadOnlyList<Citation> Citations,
    IReadOnlyList<int> PagesRead,
    bool Found)
{
    /// <summary>The answer when the document does not contain one; models are asked to reply with exactly this.</summary>
    public const string NotInDocument = "Not in the document.";

    /// <summary>The answer when the document has no text at all (scanned pages: LongDoc does not do OCR).</summary>
    public const string NoText = "The document has no extractable text (it may be scanned images that OCR did not recognise: see the reader's warnings), so there is nothing to answer from.";

    /// <summary>The answer for a document without text, in <paramref name="mode"/>: nothing found, no pages read.</summary>
    public static Answer WithoutText(TaskMode mode) => new(NoText, mode, [], [], Found: false);
}
