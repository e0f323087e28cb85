using System.Collections.Concurrent;
using LongDoc.Documents;
using LongDoc.Tasks.Search;

namespace LongDoc.Service.Http;

/// <summary>
/// How /ask finds passages: BM25 alone (<see cref="Semantic"/> null), or fused with the embedding model the host
/// supplies (`longdoc serve --retrieval hybrid`, the default), passage vectors cached in the state folder's
/// embeddings/. Without a model the passages are the answer; with one they choose what of an over-long document
/// the model reads. A long document's first question ranks by meaning only BM25's best candidates (so it is answered
/// in seconds); <see cref="CompleteInBackground"/> then embeds the rest into the cache, so later questions rank every
/// passage by meaning.
/// </summary>
public sealed class DocumentSearch(SemanticSearch? semantic)
{
    // Document id -> its background embedding; kept once done (a later /ask finds the cache complete and skips it).
    readonly ConcurrentDictionary<string, Task> _completing = new();

    public SemanticSearch? Semantic => semantic;

    /// <summary>
    /// Embeds the passages of <paramref name="document"/> that no question has needed yet and saves them to the cache,
    /// once per document and service run, on a background thread. A failure (the embedder's, a full disk) is not the
    /// question's, which is answered already: the entry is dropped so the next question tries again.
    /// </summary>
    public Task CompleteInBackground(Document document, CancellationToken stopping) =>
        semantic is null ? Task.CompletedTask : _completing.GetOrAdd(document.Id, id => Task.Run(() =>
        {
            try
            {
                using var search = new PassageSearch(document, semantic, stopping);
                search.EmbedRemaining(stopping);
            }
            catch (Exception)
            {
                _completing.TryRemove(id, out _);
            }
        }, stopping));
}
