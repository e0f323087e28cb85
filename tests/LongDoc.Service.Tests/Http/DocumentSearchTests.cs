using LongDoc.Documents;
using LongDoc.Service.Http;
using LongDoc.Tasks.Search;

namespace LongDoc.Service.Tests.Http;

/// <summary>
/// After a long document's first /ask (which ranks by meaning only BM25's best candidates) the service embeds the
/// rest into the cache in the background, once per document, so later questions rank every passage by meaning.
/// </summary>
public sealed class DocumentSearchTests : IDisposable
{
    readonly DirectoryInfo _dir = Directory.CreateTempSubdirectory("longdoc-docsearch-");

    public void Dispose() => _dir.Delete(recursive: true);

    /// <summary>Deterministic unit vectors from the text's hash; counts the passages it embeds.</summary>
    sealed class CountingEmbedder : IPassageEmbedder
    {
        public int PassagesEmbedded;
        public string Id => "counting-test-embedder";
        public int Dimensions => 8;
        public float[] EmbedQuery(string question) => Vector(question);

        public void EmbedPassages(IReadOnlyList<string> texts, Span<float> vectors, Action<int>? progress = null, CancellationToken ct = default)
        {
            for (int i = 0; i < texts.Count; i++) Vector(texts[i]).CopyTo(vectors[(i * Dimensions)..]);
            Interlocked.Add(ref PassagesEmbedded, texts.Count);
        }

        float[] Vector(string text)
        {
            var random = new Random(StringComparer.Ordinal.GetHashCode(text));
            var v = Enumerable.Range(0, Dimensions).Select(_ => (float)random.NextDouble() - 0.5f).ToArray();
            float norm = MathF.Sqrt(v.Sum(x => x * x));
            return [.. v.Select(x => x / norm)];
        }
    }

    // 1,500 English sentences on 50 pages: more than PassageSearch.CandidateBudget.
    static Document LongDocument()
    {
        var builder = new System.Text.StringBuilder();
        var blocks = new List<Block>();
        var pages = new List<Page>();
        for (int p = 1; p <= 50; p++)
        {
            var text = string.Join(" ", Enumerable.Range(0, 30).Select(s => $"Shelf {p * 100 + s} of the storeroom holds crate number {p * 1000 + s}."));
            if (builder.Length > 0) builder.Append("\n\n");
            int start = builder.Length;
            builder.Append(text);
            blocks.Add(new Block(BlockKind.Paragraph, 0, text, [p], ["Inventory"], start, builder.Length));
            pages.Add(new Page(p, text));
        }
        return new Document
        {
            Id = "long-inventory", Source = "inventory.txt", Format = LongDoc.Documents.DocumentFormat.Text, Title = "Inventory",
            Pages = pages, Blocks = blocks, Text = builder.ToString(),
        };
    }

    [Fact]
    public async Task CompleteInBackground_LongDocument_LaterSearchRanksEveryPassageFromTheCache()
    {
        var document = LongDocument();
        var first = new CountingEmbedder();
        var search = new DocumentSearch(new SemanticSearch(first, new EmbeddingCache(_dir.FullName)));

        await search.CompleteInBackground(document, CancellationToken.None);

        var later = new CountingEmbedder();
        using var passages = new PassageSearch(document, new SemanticSearch(later, new EmbeddingCache(_dir.FullName)));
        Assert.True(passages.Passages.Count > PassageSearch.CandidateBudget, $"{passages.Passages.Count} passages");
        Assert.Equal(passages.Passages.Count, first.PassagesEmbedded);
        passages.Search("Which shelf holds crate 7012?", 3);
        Assert.True(passages.IsFullyEmbedded);
        Assert.Equal(0, later.PassagesEmbedded);
    }

    [Fact]
    public async Task CompleteInBackground_SameDocumentTwice_EmbeddedOnce()
    {
        var document = LongDocument();
        var embedder = new CountingEmbedder();
        var search = new DocumentSearch(new SemanticSearch(embedder, new EmbeddingCache(_dir.FullName)));
        var a = search.CompleteInBackground(document, CancellationToken.None);
        var b = search.CompleteInBackground(document, CancellationToken.None);
        Assert.Same(a, b);
        await a;
        await search.CompleteInBackground(document, CancellationToken.None);
        using var passages = new PassageSearch(document);
        Assert.Equal(passages.Passages.Count, embedder.PassagesEmbedded);
    }

    [Fact]
    public async Task CompleteInBackground_LexicalOnly_DoesNothing()
    {
        var task = new DocumentSearch(null).CompleteInBackground(LongDocument(), CancellationToken.None);
        Assert.True(task.IsCompleted);
        await task;
    }
}
