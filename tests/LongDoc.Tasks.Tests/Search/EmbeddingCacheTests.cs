using LongDoc.Tasks.Search;

namespace LongDoc.Tasks.Tests.Search;

/// <summary>Passage vectors on disk: a hit skips the model, any change of text or model is a miss, a damaged file is a warned miss.</summary>
public sealed class EmbeddingCacheTests : IDisposable
{
    readonly DirectoryInfo dir = Directory.CreateTempSubdirectory("longdoc-embeddings-");
    readonly List<string> warnings = [];

    EmbeddingCache Cache(long cap = EmbeddingCache.DefaultCapBytes) => new(dir.FullName, cap, warnings.Add);

    static readonly string[] Pages = ["The first hut was raised in 1987.", "The satellite link provides 40 megabits per second."];

    [Fact]
    public void Build_SecondTime_LoadedNotEmbedded()
    {
        var embedder = new ConceptEmbedder();
        using var first = new PassageSearch(Documents.FromPages(Pages), new SemanticSearch(embedder, Cache()));
        var firstHits = first.Search("How fast is the internet?", 5).Hits;   // embeds the passages, then saves them
        using var second = new PassageSearch(Documents.FromPages(Pages), new SemanticSearch(embedder, Cache()));
        Assert.True(second.IsFullyEmbedded);
        Assert.Equal(firstHits.Select(h => h.Similarity), second.Search("How fast is the internet?", 5).Hits.Select(h => h.Similarity));
        Assert.Equal(1, embedder.PassageCalls);
        Assert.Single(Directory.GetFiles(dir.FullName, "*" + EmbeddingCache.Extension));
        Assert.Empty(warnings);
    }

    [Fact]
    public void Build_OtherTextOrModel_Miss()
    {
        var embedder = new ConceptEmbedder();
        var other = new ConceptEmbedder { Id = "concepts-v2" };
        foreach (var (pages, model) in new[] { (Pages, embedder), ([Pages[0], Pages[1] + " Calls are booked."], embedder), (Pages, other) })
        {
            using var search = new PassageSearch(Documents.FromPages(pages), new SemanticSearch(model, Cache()));
            search.Search("How fast is the internet?", 5);
        }
        Assert.Equal(2, embedder.PassageCalls);
        Assert.Equal(1, other.PassageCalls);
        Assert.Equal(3, Directory.GetFiles(dir.FullName, "*" + EmbeddingCache.Extension).Length);
    }

    [Fact]
    public void TryLoad_DamagedFile_WarnedMissAndDeleted()
    {
        var cache = Cache();
        var key = EmbeddingCache.Key("m", Pages);
        cache.Save(key, new float[2 * 3], 2, 3);
        var path = cache.PathFor(key);
        var bytes = File.ReadAllBytes(path);
        File.WriteAllBytes(path, bytes[..^4]);   // cut short

        Assert.Null(cache.TryLoad(key, 2, 3));
        Assert.Contains(warnings, w => w.Contains(path, StringComparison.Ordinal) && w.Contains("expected 2 x 3", StringComparison.Ordinal));
        Assert.False(File.Exists(path));
    }

    [Fact]
    public void TryLoad_OtherShape_Miss()
    {
        var cache = Cache();
        var key = EmbeddingCache.Key("m", Pages);
        cache.Save(key, [1, 2, 3, 4, 5, 6], 2, 3);
        Assert.Equal([1f, 2, 3, 4, 5, 6], cache.TryLoad(key, 2, 3)!);
        Assert.Null(cache.TryLoad(key, 3, 2));
    }

    [Fact]
    public void Save_OverCap_OldestEvicted()
    {
        var cache = Cache(cap: 2 * (48 + 4 * 6) + 10);   // room for two files of 2 x 3 vectors
        var keys = Enumerable.Range(0, 3).Select(i => EmbeddingCache.Key("m", [$"text {i}"])).ToArray();
        for (int i = 0; i < keys.Length; i++)
        {
            cache.Save(keys[i], new float[6], 2, 3);
            File.SetLastWriteTimeUtc(cache.PathFor(keys[i]), DateTime.UtcNow.AddMinutes(i - 10));
        }
        Assert.False(File.Exists(cache.PathFor(keys[0])));
        Assert.True(File.Exists(cache.PathFor(keys[1])));
        Assert.True(File.Exists(cache.PathFor(keys[2])));
    }

    public void Dispose() => dir.Delete(recursive: true);
}
