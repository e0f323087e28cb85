using System.Numerics.Tensors;
using LongDoc.Tasks.Passages;

namespace LongDoc.Tasks.Search;

/// <summary>
/// One document's passages as embedding vectors, for semantic search beside BM25 (<see cref="PassageSearch"/>).
/// Loaded whole from the <see cref="EmbeddingCache"/>, or filled a few passages at a time: <see cref="Embed"/> embeds
/// the passages a question needs that are not embedded yet, and once every passage is, the vectors are saved to the
/// cache, so the next run of the same document ranks all of them at once. A question is one query embedding and
/// one dot product per embedded passage. Safe for concurrent callers (a question while the rest is embedded).
/// </summary>
public sealed class DenseIndex
{
    readonly float[] vectors;   // [passages, dimensions], unit rows where embedded
    readonly bool[] embedded;
    readonly IReadOnlyList<string> texts;
    readonly EmbeddingCache? cache;
    readonly Lock gate = new();
    int embeddedCount;

    DenseIndex(IPassageEmbedder embedder, IReadOnlyList<string> texts, EmbeddingCache? cache, float[]? saved)
    {
        Embedder = embedder;
        this.texts = texts;
        this.cache = cache;
        vectors = saved ?? new float[texts.Count * embedder.Dimensions];
        embedded = new bool[texts.Count];
        if (saved is not null) Array.Fill(embedded, true);
        embeddedCount = saved is null ? 0 : texts.Count;
    }

    public IPassageEmbedder Embedder { get; }
    public int Count => texts.Count;

    /// <summary>How many passages have a vector.</summary>
    public int EmbeddedCount { get { lock (gate) return embeddedCount; } }

    /// <summary>True when every passage has a vector.</summary>
    public bool IsComplete => EmbeddedCount == Count;

    /// <summary>
    /// The passages' vectors from <paramref name="cache"/> when it holds them (passage texts verbatim, as they are
    /// quoted), else an index with none embedded yet.
    /// </summary>
    public static DenseIndex Open(IReadOnlyList<Passage> passages, IPassageEmbedder embedder, EmbeddingCache? cache = null)
    {
        var texts = passages.Select(p => p.Text).ToList();
        var saved = cache?.TryLoad(EmbeddingCache.Key(embedder.Id, texts), texts.Count, embedder.Dimensions);
        return new DenseIndex(embedder, texts, cache, saved);
    }

    /// <summary>
    /// Embeds those of the passages <paramref name="ids"/> that have no vector yet; <paramref name="progress"/> gets
    /// (done, to do) while embedding, nothing when all are there. The last passage embedded saves the whole to the cache.
    /// </summary>
    public void Embed(IEnumerable<int> ids, Action<int, int>? progress = null, CancellationToken ct = default)
    {
        lock (gate)
        {
            var missing = ids.Where(i => !embedded[i]).Distinct().ToArray();
            if (missing.Length == 0) return;
            int d = Embedder.Dimensions;
            var fresh = new float[missing.Length * d];
            Embedder.EmbedPassages([.. missing.Select(i => texts[i])], fresh, done => progress?.Invoke(done, missing.Length), ct);
            for (int m = 0; m < missing.Length; m++)
            {
                fresh.AsSpan(m * d, d).CopyTo(vectors.AsSpan(missing[m] * d, d));
                embedded[missing[m]] = true;
            }
            embeddedCount += missing.Length;
            if (embeddedCount == Count) cache?.Save(EmbeddingCache.Key(Embedder.Id, texts), vectors, Count, d);
        }
    }

    /// <summary>Cosine similarity of the question to every passage: [passages], NaN where a passage is not embedded yet.</summary>
    public double[] Similarities(string question)
    {
        var query = Embedder.EmbedQuery(question);
        int d = Embedder.Dimensions;
        var result = new double[Count];
        lock (gate)
            for (int i = 0; i < Count; i++)
                result[i] = embedded[i] ? TensorPrimitives.Dot(vectors.AsSpan(i * d, d), query) : double.NaN;
        return result;
    }
}
