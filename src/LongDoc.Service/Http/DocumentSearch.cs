using LongDoc.Tasks.Search;

namespace LongDoc.Service.Http;

/// <summary>
/// How /ask finds passages: BM25 alone (<see cref="Semantic"/> null), or fused with the embedding model the host
/// supplies (`longdoc serve --retrieval hybrid`, the default), passage vectors cached in the state folder's
/// embeddings/. Without a model the passages are the answer; with one they choose what of an over-long document
/// the model reads.
/// </summary>
public sealed class DocumentSearch(SemanticSearch? semantic)
{
    public SemanticSearch? Semantic => semantic;
}
