using LongDoc.Tasks.Answers;
using LongDoc.Tasks.Citations;

namespace LongDoc.Tasks.Collections;

/// <summary>A citation of one document of a collection; verified against that document's pages.</summary>
public sealed record DocumentCitation(DocumentRef Document, Citation Citation);

/// <summary>The pages of one document whose text an answer was made from, ascending.</summary>
public sealed record DocumentPages(DocumentRef Document, IReadOnlyList<int> Pages);

/// <summary>
/// An answer to a question about a collection of documents: each citation names its document, and
/// <see cref="Read"/> lists what of which documents was read (extractive: every document searched, all its pages),
/// in the order it was read. <see cref="Found"/> is false when the answer is <see cref="NotInDocuments"/>.
/// </summary>
public sealed record CollectionAnswer(
    string Text,
    TaskMode Mode,
    IReadOnlyList<DocumentCitation> Citations,
    IReadOnlyList<DocumentPages> Read,
    bool Found)
{
    /// <summary>The answer when no document contains one; models are asked to reply with exactly this.</summary>
    public const string NotInDocuments = "Not in the documents.";
}
