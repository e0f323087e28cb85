using LongDoc.Runtime.Generation;

namespace LongDoc.Runtime.Tests.Generation;

/// <summary>A document prefix put in the cache ahead of the questions: run once, or adopted after a restore from disk.</summary>
public sealed class TextGeneratorPrefixTests
{
    static readonly FakeTokenizer Tokenizer = FakeTokenizer.FromStrings(0, "<eos>", "a", "b", "c");

    static async Task<GenerationStats> Generate(TextGenerator generator, int[] prompt)
    {
        GenerationStats? stats = null;
        await foreach (var chunk in generator.GenerateAsync(prompt, SamplingOptions.Greedy with { MaxTokens = 1 })) stats ??= chunk.Stats;
        return stats!;
    }

    [Fact]
    public async Task PrefillPrefix_ThenQuestion_RunsOnlyTheQuestion()
    {
        var model = new FakeLanguageModel(4, 64, _ => 1);
        var generator = new TextGenerator(model, Tokenizer);

        generator.PrefillPrefix([1, 2, 3, 1]);
        generator.PrefillPrefix([1, 2, 3, 1]); // already there: nothing runs
        var stats = await Generate(generator, [1, 2, 3, 1, 2, 2]);

        Assert.Equal([4, 2], model.ForwardLengths);
        Assert.Equal(4, stats.ReusedPromptTokens);
    }

    [Fact]
    public async Task AdoptPrefix_CacheFilledFromOutside_ReusedByTheNextPrompt()
    {
        var model = new FakeLanguageModel(4, 64, _ => 1);
        model.Forward([3, 3, 2], new float[4]); // as a restore from disk would leave it
        var generator = new TextGenerator(model, Tokenizer);

        generator.AdoptPrefix([3, 3, 2]);
        var stats = await Generate(generator, [3, 3, 2, 1]);

        Assert.Equal(3, stats.ReusedPromptTokens);
        Assert.Equal([3, 1], model.ForwardLengths);
    }

    [Fact]
    public void AdoptPrefix_LengthOtherThanTheCachePosition_Throws()
    {
        var generator = new TextGenerator(new FakeLanguageModel(4, 64, _ => 1), Tokenizer);
        var e = Assert.Throws<InvalidOperationException>(() => generator.AdoptPrefix([1, 2]));
        Assert.Contains("holds 0 tokens, not the 2 adopted", e.Message);
    }

    [Fact]
    public void PrefillPrefix_LongPrefix_RunsInSlicesAndReportsProgress()
    {
        var model = new FakeLanguageModel(4, 2048, _ => 1);
        var seen = new List<int>();

        new TextGenerator(model, Tokenizer).PrefillPrefix([.. Enumerable.Repeat(2, 1100)], default, new SyncProgress(seen.Add));

        Assert.Equal([512, 512, 76], model.ForwardLengths);
        Assert.Equal([0, 512, 1024, 1100], seen);
    }

    [Fact]
    public void PrefillPrefix_CancelledBetweenSlices_KeepsWhatRanAndResumesThere()
    {
        var model = new FakeLanguageModel(4, 2048, _ => 1);
        var generator = new TextGenerator(model, Tokenizer);
        int[] prefix = [.. Enumerable.Repeat(3, 1100)];
        using var cts = new CancellationTokenSource();

        Assert.Throws<OperationCanceledException>(() => generator.PrefillPrefix(prefix, cts.Token, new SyncProgress(n => { if (n == 512) cts.Cancel(); })));
        Assert.Equal(512, model.Position);
        generator.PrefillPrefix(prefix);

        Assert.Equal([512, 512, 76], model.ForwardLengths);
        Assert.Equal(1100, model.Position);
    }

    /// <summary>Reports on the caller's thread (Progress&lt;T&gt; posts to the thread pool).</summary>
    sealed class SyncProgress(Action<int> action) : IProgress<int>
    {
        public void Report(int value) => action(value);
    }
}
