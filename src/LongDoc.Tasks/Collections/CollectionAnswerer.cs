using LongDoc.Tasks.Answers;
using LongDoc.Tasks.Citations;

namespace LongDoc.Tasks.Collections;

/// <summary>
/// Answers a question about a collection without a language model: the best passages across its documents
/// (<see cref="CollectionSearch"/>), each quoted verbatim with its document, page and section and checked against
/// that document's page text. <see cref="CollectionAnswer.NotInDocuments"/> when no document answers the question
/// (each judged as one document's extractive answer judges it).
/// </summary>
public sealed class CollectionAnswerer(CollectionSearch search)
{
    /// <summary>At most this many passages are quoted, from any documents.</summary>
    public const int MaxPassages = 5;

    public CollectionAnswer Ask(string question)
    {
        var read = search.Members.Select(m => new DocumentPages(m.Ref, [.. Enumerable.Range(1, m.Document.PageCount)])).ToList();
        var hits = search.Search(question).Take(MaxPassages).ToList();
        if (hits.Count == 0) return new CollectionAnswer(CollectionAnswer.NotInDocuments, TaskMode.Extractive, [], read, Found: false);
        var citations = hits.Select(h => new DocumentCitation(search.Members[h.Member].Ref, search.AnswererOf(h.Member).Cite(h.Hit))).ToList();
        var text = string.Join("\n", citations.Select(c => $"{c.Citation.Quote} [{c.Document.Name}, {c.Citation.Pages}]"));
        return new CollectionAnswer(text, TaskMode.Extractive, citations, read, Found: true);
    }
}
