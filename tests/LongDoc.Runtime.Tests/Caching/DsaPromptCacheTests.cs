using LongDoc.Runtime.Caching;
using LongDoc.Runtime.Models;
using LongDoc.Runtime.Tests.Models;

namespace LongDoc.Runtime.Tests.Caching;

/// <summary>
/// A deepseek32 document cache holds the indexer's keys beside the MLA latent: restored past top_k, the next token
/// selects from the same keys, so its logits equal an uninterrupted run's.
/// </summary>
public sealed class DsaPromptCacheTests(DsaModelFiles files) : IClassFixture<DsaModelFiles>, IDisposable
{
    static readonly int[] Prefix = [.. Enumerable.Range(0, 50).Select(i => 3 + i * 7 % 300)];   // top_k 32
    const int Next = 123;

    readonly string _dir = Path.Combine(Path.GetTempPath(), $"longdoc-dsa-kv-{Guid.NewGuid():N}");

    public void Dispose()
    {
        if (Directory.Exists(_dir)) Directory.Delete(_dir, recursive: true);
    }

    LoadedModel Load() => ModelLoader.Load(files.Gguf("deepseek32"), new RuntimeOptions { Threads = 1, ContextSize = 64, Log = _ => { } });

    [Fact]
    public void TryLoad_PrefixPastTopK_NextTokenLogitsEqualAnUninterruptedRun()
    {
        var store = new PromptCacheStore(_dir, PromptCacheStore.DefaultCapBytes, _ => { });
        float[] expected;
        using (var model = Load())
        {
            var logits = new float[model.Config.VocabSize];
            model.Model.Forward(Prefix, logits);
            store.Save(PromptCacheKey.For(model, "doc"), model.Transformer, Prefix);
            model.Model.Forward([Next], logits);
            expected = logits;
        }

        using var fresh = Load();
        Assert.True(store.TryLoad(PromptCacheKey.For(fresh, "doc"), fresh.Transformer, out _));
        var actual = new float[fresh.Config.VocabSize];
        fresh.Model.Forward([Next], actual);
        Assert.Equal(expected, actual);
    }
}
