using LongDoc.Tasks.Search;

namespace LongDoc.Tasks.Tests.Search;

/// <summary>
/// A deterministic stand-in for an embedding model: each word of a small table is a concept (one dimension),
/// synonyms share it ("founded", "raised"); a text's vector is its concepts' count, normalised. Other words count
/// for nothing; a text without any concept points along a last "none" dimension. Counts its calls and the passages it embedded.
/// </summary>
sealed class ConceptEmbedder : IPassageEmbedder
{
    static readonly string[][] Concepts =
    [
        ["founded", "raised", "established", "built"],
        ["internet", "satellite", "link", "bandwidth"],
        ["fast", "megabits", "speed"],
        ["crew", "people", "staff"],
        ["winter", "dark"],
        ["pets", "dogs", "animals"],
    ];

    public int PassageCalls, QueryCalls, PassagesEmbedded;

    public string Id { get; init; } = "concepts-v1";
    public int Dimensions => Concepts.Length + 1;

    public float[] EmbedQuery(string question)
    {
        Interlocked.Increment(ref QueryCalls);
        return Vector(question);
    }

    public void EmbedPassages(IReadOnlyList<string> texts, Span<float> vectors, Action<int>? progress = null, CancellationToken ct = default)
    {
        Interlocked.Increment(ref PassageCalls);
        Interlocked.Add(ref PassagesEmbedded, texts.Count);
        for (int i = 0; i < texts.Count; i++) Vector(texts[i]).CopyTo(vectors.Slice(i * Dimensions, Dimensions));
        progress?.Invoke(texts.Count);
    }

    float[] Vector(string text)
    {
        var v = new float[Dimensions];
        foreach (var word in QueryTerms.Extract(text))
        {
            int c = Array.FindIndex(Concepts, words => words.Contains(word));
            if (c >= 0) v[c] += 1;
        }
        float norm = MathF.Sqrt(v.Sum(x => x * x));
        if (norm == 0) { v[^1] = 1; return v; }
        for (int i = 0; i < v.Length; i++) v[i] /= norm;
        return v;
    }
}
