using LongDoc.Runtime.Generation;

namespace LongDoc.Runtime.Tests.Generation;

public sealed class TextGeneratorTests
{
    // Vocabulary: 0 "<eos>", 1 "a", 2 "b", 3 "c", 4 "<|e", 5 "nd|>", 6 "\xC3" (first half of "é"), 7 "\xA9" (second half)
    static readonly FakeTokenizer Tokenizer = new(
        [[.. "<eos>"u8], [.. "a"u8], [.. "b"u8], [.. "c"u8], [.. "<|e"u8], [.. "nd|>"u8], [0xC3], [0xA9]], eos: 0);

    static FakeLanguageModel Model(Func<int, int> next, int context = 1024) => new(8, context, next);

    static async Task<List<GenerationChunk>> Collect(TextGenerator generator, int[] prompt, SamplingOptions options, CancellationToken ct = default)
    {
        var chunks = new List<GenerationChunk>();
        await foreach (var chunk in generator.GenerateAsync(prompt, options, ct)) chunks.Add(chunk);
        return chunks;
    }

    [Fact]
    public async Task GenerateAsync_ModelEmitsEos_StopsWithEndOfTextAndCounts()
    {
        // a -> b -> c -> <eos>
        var model = Model(last => last switch { 1 => 2, 2 => 3, _ => 0 });
        var chunks = await Collect(new TextGenerator(model, Tokenizer), [3, 3, 1], SamplingOptions.Greedy);

        Assert.Equal("bc", string.Concat(chunks.Select(c => c.Text)));
        var final = chunks[^1];
        Assert.Equal(FinishReason.EndOfText, final.FinishReason);
        Assert.Equal(3, final.Stats!.PromptTokens);
        Assert.Equal(3, final.Stats.GeneratedTokens); // b, c and the end token
        Assert.Equal([3, 1, 1], model.ForwardLengths); // one prefill, then b and c fed back
        Assert.Single(chunks, c => c.IsFinal);
    }

    [Fact]
    public async Task GenerateAsync_MaxTokens_StopsWithLengthAfterExactlyThatMany()
    {
        var model = Model(_ => 1); // always "a"
        var chunks = await Collect(new TextGenerator(model, Tokenizer), [2], SamplingOptions.Greedy with { MaxTokens = 5 });

        Assert.Equal("aaaaa", string.Concat(chunks.Select(c => c.Text)));
        Assert.Equal(FinishReason.Length, chunks[^1].FinishReason);
        Assert.Equal(5, chunks[^1].Stats!.GeneratedTokens);
        Assert.Equal(5, chunks.Count(c => c.TokenId is not null));
    }

    [Fact]
    public async Task GenerateAsync_StopStringSplitAcrossTokens_NotInOutputAndFinishStop()
    {
        // c -> a -> <|e -> nd|> -> b ...: the stop "<|end|>" spans two tokens
        var model = Model(last => last switch { 3 => 1, 1 => 4, 4 => 5, _ => 2 });
        var options = SamplingOptions.Greedy with { StopStrings = ["<|end|>"] };
        var chunks = await Collect(new TextGenerator(model, Tokenizer), [2, 3], options);

        Assert.Equal("a", string.Concat(chunks.Select(c => c.Text)));
        Assert.Equal(FinishReason.Stop, chunks[^1].FinishReason);
    }

    [Fact]
    public async Task GenerateAsync_CharacterSplitAcrossTokens_StreamsOnlyWholeCharacters()
    {
        var model = Model(last => last switch { 3 => 6, 6 => 7, _ => 0 });
        var chunks = await Collect(new TextGenerator(model, Tokenizer), [3], SamplingOptions.Greedy);

        Assert.Equal(["", "é", ""], chunks.Select(c => c.Text));
    }

    [Fact]
    public async Task GenerateAsync_PromptPlusMaxTokensOverContext_ThrowsWithBothCounts()
    {
        var generator = new TextGenerator(Model(_ => 1, context: 16), Tokenizer);

        var e = await Assert.ThrowsAsync<ContextOverflowException>(() =>
            Collect(generator, [1, 2, 3, 1, 2, 3, 1, 2, 3, 1], SamplingOptions.Greedy with { MaxTokens = 10 }));

        Assert.Equal("prompt 10 tokens + requested 10 new tokens = 20 > context 16 tokens", e.Message);
    }

    [Fact]
    public async Task GenerateAsync_SecondPromptExtendsFirst_ReusesCachedPrefix()
    {
        var model = Model(_ => 2);
        var generator = new TextGenerator(model, Tokenizer);
        var options = SamplingOptions.Greedy with { MaxTokens = 2 };
        await Collect(generator, [1, 3, 1], options);                // cache: 1 3 1 b
        model.ForwardLengths.Clear();

        var chunks = await Collect(generator, [1, 3, 1, 2, 3, 3], options);

        Assert.Equal(4, chunks[^1].Stats!.ReusedPromptTokens);
        Assert.Equal([2, 1], model.ForwardLengths); // only "3 3" prefilled, then one decode
        Assert.Equal([1, 3, 1, 2, 3, 3, 2], model.Cache);
    }

    [Fact]
    public async Task GenerateAsync_DifferentPrompt_TruncatesAndRecomputes()
    {
        var model = Model(_ => 2);
        var generator = new TextGenerator(model, Tokenizer);
        await Collect(generator, [1, 3, 1], SamplingOptions.Greedy with { MaxTokens = 2 });
        model.ForwardLengths.Clear();

        await Collect(generator, [3, 3], SamplingOptions.Greedy with { MaxTokens = 1 });

        Assert.Equal([2], model.ForwardLengths);
        Assert.Equal([3, 3], model.Cache);
    }

    [Fact]
    public async Task GenerateAsync_Cancelled_ThrowsOperationCanceled()
    {
        using var cts = new CancellationTokenSource();
        var generator = new TextGenerator(Model(_ => 1), Tokenizer);

        await Assert.ThrowsAnyAsync<OperationCanceledException>(async () =>
        {
            await foreach (var _ in generator.GenerateAsync([1], SamplingOptions.Greedy with { MaxTokens = 50 }, cts.Token))
                cts.Cancel();
        });
    }
}
