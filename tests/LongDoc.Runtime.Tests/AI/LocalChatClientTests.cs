using LongDoc.Runtime.AI;
using LongDoc.Runtime.Generation;
using LongDoc.Runtime.Models;
using Microsoft.Extensions.AI;
using AiMessage = Microsoft.Extensions.AI.ChatMessage;

namespace LongDoc.Runtime.Tests.AI;

public sealed class LocalChatClientTests(TinyChatModel tiny) : IClassFixture<TinyChatModel>
{
    static readonly AiMessage[] Hello = [new(ChatRole.User, "hello there")];
    static ChatOptions Greedy(int max) => new() { Temperature = 0, MaxOutputTokens = max };

    [Fact]
    public async Task GetResponseAsync_MaxOutputTokens_FinishesWithLengthAndReportsUsage()
    {
        using var client = tiny.Client();
        var response = await client.GetResponseAsync(Hello, Greedy(5));

        Assert.Equal(ChatFinishReason.Length, response.FinishReason);
        Assert.Equal(client.CountTokens(Hello), response.Usage!.InputTokenCount);
        Assert.Equal(5, response.Usage.OutputTokenCount);
        Assert.Equal("tiny-qwen3moe", response.ModelId);
        Assert.NotEmpty(response.Text);
    }

    [Fact]
    public async Task GetResponseAsync_Greedy_EqualsTextGeneratorGreedy()
    {
        using var client = tiny.Client();
        var response = await client.GetResponseAsync(Hello, Greedy(8));

        using var model = ModelLoader.Load(tiny.Path, TinyChatModel.Options);
        var tokenizer = ModelTokenizers.Tokenizer(model.Files);
        int[] prompt = tokenizer.Encode(TinyChatModel.ChatMl.Render([LongDoc.Runtime.Chat.ChatMessage.User("hello there")], true), addBos: false, parseSpecial: true);
        var text = "";
        await foreach (var chunk in new TextGenerator(model.Model, tokenizer).GenerateAsync(prompt, SamplingOptions.Greedy with { MaxTokens = 8 }))
            text += chunk.Text;

        Assert.Equal(text, response.Text);
    }

    [Fact]
    public async Task GetResponseAsync_StopSequenceInOutput_CutsBeforeItAndFinishesWithStop()
    {
        using var client = tiny.Client();
        string full = (await client.GetResponseAsync(Hello, Greedy(12))).Text;
        Assert.True(full.Length >= 4, $"the greedy answer '{full}' is too short for this test");
        string stop = full.Substring(2, 2);

        var options = Greedy(12);
        options.StopSequences = [stop];
        var response = await client.GetResponseAsync(Hello, options);

        Assert.Equal(ChatFinishReason.Stop, response.FinishReason);
        Assert.Equal(full[..full.IndexOf(stop, StringComparison.Ordinal)], response.Text);
    }

    [Fact]
    public async Task GetResponseAsync_SameSeed_SameTextAndOtherSeedDiffers()
    {
        using var client = tiny.Client();
        ChatOptions Seeded(long seed) => new() { Temperature = 1.5f, TopK = 0, TopP = 1, Seed = seed, MaxOutputTokens = 16 };

        string a = (await client.GetResponseAsync(Hello, Seeded(42))).Text;
        string b = (await client.GetResponseAsync(Hello, Seeded(42))).Text;
        string c = (await client.GetResponseAsync(Hello, Seeded(43))).Text;

        Assert.Equal(a, b);
        Assert.NotEqual(a, c);
    }

    [Fact]
    public async Task GetStreamingResponseAsync_Concatenated_EqualsNonStreamingAndLastUpdateFinishes()
    {
        using var client = tiny.Client();
        var updates = new List<ChatResponseUpdate>();
        await foreach (var u in client.GetStreamingResponseAsync(Hello, Greedy(10))) updates.Add(u);
        var response = await client.GetResponseAsync(Hello, Greedy(10));

        Assert.Equal(response.Text, string.Concat(updates.Select(u => u.Text)));
        Assert.True(updates.Count > 2);
        Assert.Equal(ChatFinishReason.Length, updates[^1].FinishReason);
        Assert.All(updates, u => Assert.Equal("tiny-qwen3moe", u.ModelId));
        Assert.Single(updates.SelectMany(u => u.Contents).OfType<UsageContent>());
    }

    [Fact]
    public async Task GetResponseAsync_PromptOverContext_ThrowsWithBothCounts()
    {
        using var client = tiny.Client();
        AiMessage[] huge = [new(ChatRole.User, string.Concat(Enumerable.Repeat("x y ", 200)))];
        int tokens = client.CountTokens(huge);

        var e = await Assert.ThrowsAsync<ContextOverflowException>(() => client.GetResponseAsync(huge));

        Assert.Equal(tokens, e.PromptTokens);
        Assert.Contains($"prompt {tokens} tokens", e.Message);
        Assert.Contains("context 256 tokens", e.Message);
    }

    [Fact]
    public async Task GetResponseAsync_Instructions_CountAsALeadingSystemMessage()
    {
        using var client = tiny.Client();
        var options = Greedy(2);
        options.Instructions = "be brief";

        var response = await client.GetResponseAsync(Hello, options);

        Assert.Equal(client.CountTokens([new(ChatRole.System, "be brief"), .. Hello]), response.Usage!.InputTokenCount);
    }

    [Fact]
    public async Task GetResponseAsync_Tools_RefusedAsNotSupported()
    {
        using var client = tiny.Client();
        var options = new ChatOptions { Tools = [AIFunctionFactory.Create(() => 1, "one")] };
        await Assert.ThrowsAsync<NotSupportedException>(() => client.GetResponseAsync(Hello, options));
    }

    [Fact]
    public void GetService_Metadata_NamesTheProviderAndModel()
    {
        using var client = tiny.Client();
        var metadata = client.GetService<ChatClientMetadata>()!;
        Assert.Equal(("longdoc", "tiny-qwen3moe"), (metadata.ProviderName, metadata.DefaultModelId));
        Assert.Same(client.Model, client.GetService<LoadedModel>());
    }

    [Fact]
    public void ToSampling_EveryOption_Mapped()
    {
        var s = ChatOptionsMapping.ToSampling(new ChatOptions
        {
            Temperature = 0.3f, TopP = 0.5f, TopK = 7, MaxOutputTokens = 33, StopSequences = ["END"], Seed = 5,
        });

        Assert.Equal((0.3f, 0.5f, 7, 33, 5), (s.Temperature, s.TopP, s.TopK, s.MaxTokens, s.Seed!.Value));
        Assert.Equal(["END"], s.StopStrings);
    }

    [Fact]
    public void ToSampling_OutOfRangeTopP_ThrowsNamingIt()
    {
        var e = Assert.Throws<ArgumentException>(() => ChatOptionsMapping.ToSampling(new ChatOptions { TopP = 1.5f }));
        Assert.Contains("TopP", e.Message);
    }
}
