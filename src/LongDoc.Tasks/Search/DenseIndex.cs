using System.Numerics.Tensors;
using LongDoc.Tasks.Passages;

namespace LongDoc.Tasks.Search;

/// <summary>
/// One document's passages as embedding vectors, for semantic search beside BM25 (<see cref="PassageSearch"/>).
/// Built once per document (or loaded from the <see cref="EmbeddingCache"/>); a question is one query embedding and
/// one dot product per passage.
/// </summary>
public sealed class DenseIndex
{
    readonly float[] vectors;   // [passages, dimensions], unit rows

    DenseIndex(IPassageEmbedder embedder, float[] vectors, int count)
    {
        Embedder = embedder;
        this.vectors = vectors;
        Count = count;
    }

    public IPassageEmbedder Embedder { get; }
    public int Count { get; }

    /// <summary>
    /// Embeds the passages' texts (verbatim, as they are quoted), or loads them from <paramref name="cache"/>.
    /// <paramref name="progress"/> gets (passages done, passages) while embedding; nothing on a cache hit.
    /// </summary>
    public static DenseIndex Build(IReadOnlyList<Passage> passages, IPassageEmbedder embedder, EmbeddingCache? cache = null,
                                   Action<int, int>? progress = null, CancellationToken ct = default)
    {
        var texts = passages.Select(p => p.Text).ToList();
        int d = embedder.Dimensions;
        var key = cache is null ? null : EmbeddingCache.Key(embedder.Id, texts);
        if (key is not null && cache!.TryLoad(key, texts.Count, d) is { } saved) return new DenseIndex(embedder, saved, texts.Count);
        var vectors = new float[texts.Count * d];
        embedder.EmbedPassages(texts, vectors, done => progress?.Invoke(done, texts.Count), ct);
        if (key is not null) cache!.Save(key, vectors, texts.Count, d);
        return new DenseIndex(embedder, vectors, texts.Count);
    }

    /// <summary>Cosine similarity of the question to every passage: [passages].</summary>
    public double[] Similarities(string question)
    {
        var query = Embedder.EmbedQuery(question);
        int d = Embedder.Dimensions;
        var result = new double[Count];
        for (int i = 0; i < Count; i++) result[i] = TensorPrimitives.Dot(vectors.AsSpan(i * d, d), query);
        return result;
    }
}
