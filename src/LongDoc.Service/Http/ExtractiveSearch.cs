using LongDoc.Tasks.Search;

namespace LongDoc.Service.Http;

/// <summary>
/// How /ask finds passages when no model is configured: BM25 alone (<see cref="Semantic"/> null), or fused with the
/// embedding model the host supplies (`longdoc serve --retrieval hybrid`, the default), passage vectors cached in
/// the state folder's embeddings/.
/// </summary>
public sealed class ExtractiveSearch(SemanticSearch? semantic)
{
    public SemanticSearch? Semantic => semantic;
}
