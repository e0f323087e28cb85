using LongDoc.Runtime.Caching;
using LongDoc.Runtime.Generation;
using LongDoc.Runtime.Models;
using LongDoc.Runtime.Tests.AI;

namespace LongDoc.Runtime.Tests.Caching;

public sealed class PromptCacheStoreTests(TinyChatModel tiny) : IClassFixture<TinyChatModel>, IDisposable
{
    static readonly int[] Prefix = [.. Enumerable.Range(0, 40).Select(i => 3 + i * 7 % 300)];
    const int Next = 123;

    readonly string _dir = Path.Combine(Path.GetTempPath(), $"longdoc-kv-{Guid.NewGuid():N}");
    readonly List<string> _warnings = [];

    PromptCacheStore Store(long cap = PromptCacheStore.DefaultCapBytes) => new(_dir, cap, _warnings.Add);

    LoadedModel Load(KvCacheType kv = KvCacheType.F16, int context = 0) =>
        ModelLoader.Load(tiny.Path, new RuntimeOptions { KvCacheType = kv, Threads = 1, ContextSize = context });

    // Prefills the prefix in a fresh model and saves it under the content key.
    void SavePrefix(PromptCacheStore store, string contentKey)
    {
        using var model = Load();
        model.Model.Forward(Prefix, new float[model.Config.VocabSize]);
        store.Save(PromptCacheKey.For(model, contentKey), model.Transformer, Prefix);
    }

    [Fact]
    public void TryLoad_SavedPrefix_NextTokenLogitsEqualAnUninterruptedRun()
    {
        var store = Store();
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
        Assert.True(store.TryLoad(PromptCacheKey.For(fresh, "doc"), fresh.Transformer, out var tokens));
        var actual = new float[fresh.Config.VocabSize];
        fresh.Model.Forward([Next], actual);

        Assert.Equal(Prefix, tokens);
        Assert.Equal(Prefix.Length + 1, fresh.Model.Position);
        Assert.Equal(expected, actual);
        Assert.Empty(_warnings);
    }

    [Fact]
    public void TryLoad_AnyKeyPartChanged_Misses()
    {
        var store = Store();
        SavePrefix(store, "doc");

        using var f16 = Load();
        using var f32 = Load(KvCacheType.F32);
        using var shorter = Load(context: 128);
        Assert.False(store.TryLoad(PromptCacheKey.For(f16, "another document"), f16.Transformer, out _));
        Assert.False(store.TryLoad(PromptCacheKey.For(f32, "doc"), f32.Transformer, out _));
        Assert.False(store.TryLoad(PromptCacheKey.For(shorter, "doc"), shorter.Transformer, out _));
        Assert.False(store.TryLoad(PromptCacheKey.For(f16, "doc", attention: "sparse b64 k4096"), f16.Transformer, out _));
        Assert.True(store.TryLoad(PromptCacheKey.For(f16, "doc"), f16.Transformer, out _));
    }

    [Fact]
    public void TryLoad_ModelFileRewritten_Misses()
    {
        string copy = Path.Combine(_dir, "copy.gguf");
        Directory.CreateDirectory(_dir);
        File.Copy(tiny.Path, copy);
        var store = Store();
        using (var model = ModelLoader.Load(copy, new RuntimeOptions { Threads = 1 }))
        {
            model.Model.Forward(Prefix, new float[model.Config.VocabSize]);
            store.Save(PromptCacheKey.For(model, "doc"), model.Transformer, Prefix);
        }
        File.SetLastWriteTimeUtc(copy, DateTime.UtcNow.AddMinutes(1)); // what a re-download does

        using var again = ModelLoader.Load(copy, new RuntimeOptions { Threads = 1 });
        Assert.False(store.TryLoad(PromptCacheKey.For(again, "doc"), again.Transformer, out _));
    }

    [Fact]
    public void Save_OverTheCap_EvictsTheLeastRecentlyUsed()
    {
        long fileBytes;
        using (var m = Load()) fileBytes = KvCacheSnapshot.Bytes(m.Transformer.Cache, Prefix.Length) + 4096;
        var store = Store(cap: fileBytes * 2);
        SavePrefix(store, "a");
        SavePrefix(store, "b");
        using var model = Load();
        string PathOf(string key) => store.PathFor(PromptCacheKey.For(model, key));
        File.SetLastWriteTimeUtc(PathOf("a"), DateTime.UtcNow.AddHours(-2));
        File.SetLastWriteTimeUtc(PathOf("b"), DateTime.UtcNow.AddHours(-1));
        Assert.True(store.TryLoad(PromptCacheKey.For(model, "a"), model.Transformer, out _)); // a is now the most recent

        SavePrefix(store, "c");

        Assert.True(File.Exists(PathOf("a")));
        Assert.False(File.Exists(PathOf("b")));
        Assert.True(File.Exists(PathOf("c")));
        Assert.True(store.TotalBytes <= store.CapBytes);
    }

    [Theory]
    [InlineData("flip")]
    [InlineData("truncate")]
    [InlineData("garbage")]
    public void TryLoad_DamagedFile_WarnsMissesAndLeavesAnEmptyCache(string damage)
    {
        var store = Store();
        SavePrefix(store, "doc");
        using var model = Load();
        var key = PromptCacheKey.For(model, "doc");
        string path = store.PathFor(key);
        var bytes = File.ReadAllBytes(path);
        File.WriteAllBytes(path, damage switch
        {
            "flip" => [.. bytes[..^100], (byte)(bytes[^100] ^ 0x40), .. bytes[^99..]],
            "truncate" => bytes[..(bytes.Length / 2)],
            _ => [.. "not a cache file at all"u8],
        });

        Assert.False(store.TryLoad(key, model.Transformer, out var tokens));

        Assert.Empty(tokens);
        Assert.Equal(0, model.Model.Position);
        Assert.Contains(_warnings, w => w.Contains(path));
        Assert.False(File.Exists(path));
    }

    [Fact]
    public async Task AdoptPrefix_AfterLoad_GeneratorReusesThePrefix()
    {
        var store = Store();
        SavePrefix(store, "doc");
        using var model = Load();
        var generator = new TextGenerator(model.Model, ModelTokenizers.Tokenizer(model.Files));
        Assert.True(store.TryLoad(PromptCacheKey.For(model, "doc"), model.Transformer, out var tokens));
        generator.AdoptPrefix(tokens);

        GenerationStats? stats = null;
        await foreach (var chunk in generator.GenerateAsync([.. Prefix, 50, 60], SamplingOptions.Greedy with { MaxTokens = 2 }))
            stats ??= chunk.Stats;

        Assert.Equal(Prefix.Length, stats!.ReusedPromptTokens);
    }

    public void Dispose()
    {
        try { Directory.Delete(_dir, recursive: true); }
        catch (DirectoryNotFoundException) { }
    }
}
