namespace LongDoc.Tasks.Search;

/// <summary>
/// A sentence-embedding model for retrieval: questions and passages to unit-length vectors whose dot product says
/// how close their meanings are ("When was the station founded?" - "The first hut was raised on 14 February 1987"),
/// where word matching finds nothing. Query and passage sides are separate because retrieval models encode them
/// differently (an instruction prefix on the query). Implementations are safe for concurrent callers.
/// </summary>
public interface IPassageEmbedder
{
    /// <summary>The model and everything that changes its vectors; part of the embedding cache key.</summary>
    string Id { get; }

    /// <summary>Length of every vector.</summary>
    int Dimensions { get; }

    /// <summary>The question's vector: [Dimensions], unit length.</summary>
    float[] EmbedQuery(string question);

    /// <summary>
    /// The passages' vectors into <paramref name="vectors"/>: [texts.Count, Dimensions] row-major, unit rows.
    /// <paramref name="progress"/> gets the number of passages done so far, now and then.
    /// </summary>
    void EmbedPassages(IReadOnlyList<string> texts, Span<float> vectors, Action<int>? progress = null, CancellationToken ct = default);
}
