using LongDoc.Runtime.AI;
using LongDoc.Runtime.Caching;
using LongDoc.Runtime.Tests.AI;
using Microsoft.Extensions.AI;
using AiMessage = Microsoft.Extensions.AI.ChatMessage;

namespace LongDoc.Runtime.Tests.Caching;

public sealed class DocumentCacheChatTests(TinyChatModel tiny) : IClassFixture<TinyChatModel>, IDisposable
{
    readonly string _dir = Path.Combine(Path.GetTempPath(), $"longdoc-kv-{Guid.NewGuid():N}");

    static readonly AiMessage[] Conversation =
    [
        new(ChatRole.System, "Read the document and answer. Document: the quick brown fox jumps over the lazy dog"),
        new(ChatRole.User, "what jumps?"),
    ];

    static ChatOptions Options(string contentKey) => new()
    {
        Temperature = 0, MaxOutputTokens = 6, AdditionalProperties = new() { [LocalChatClient.ContentKeyProperty] = contentKey },
    };

    LocalChatClient Client()
    {
        var client = tiny.Client();
        client.DocumentCache = new PromptCacheStore(_dir, warn: m => throw new Xunit.Sdk.XunitException(m));
        return client;
    }

    [Fact]
    public async Task GetResponseAsync_SecondRunWithTheContentKey_RestoresThePrefixFromDiskAndAnswersTheSame()
    {
        ChatResponse first, second;
        using (var client = Client()) first = await client.GetResponseAsync(Conversation, Options("doc-1"));
        using (var client = Client()) second = await client.GetResponseAsync(Conversation, Options("doc-1"));

        using var counter = Client();
        int prefix = counter.CountTokens(Conversation[..1], addGenerationPrompt: false);
        Assert.Equal(0, first.Usage!.CachedInputTokenCount);
        Assert.Equal(prefix, second.Usage!.CachedInputTokenCount);
        Assert.Equal(first.Text, second.Text);
        Assert.Single(Directory.GetFiles(_dir, "*" + PromptCacheStore.Extension));
    }

    [Fact]
    public async Task PrefillAsync_MissThenHit_ReportsWhereThePrefixCameFrom()
    {
        using (var client = Client())
            Assert.False((await client.PrefillAsync(Conversation[..1], "doc-2")).LoadedFromDisk);
        using var again = Client();
        var result = await again.PrefillAsync(Conversation[..1], "doc-2");
        var answer = await again.GetResponseAsync(Conversation, new ChatOptions { Temperature = 0, MaxOutputTokens = 3 });

        Assert.True(result.LoadedFromDisk);
        Assert.Equal(result.Tokens, answer.Usage!.CachedInputTokenCount);
    }

    [Fact]
    public async Task GetResponseAsync_OtherContentKey_Misses()
    {
        using (var client = Client()) await client.GetResponseAsync(Conversation, Options("doc-3"));
        using var other = Client();
        var response = await other.GetResponseAsync(Conversation, Options("doc-4"));

        Assert.Equal(0, response.Usage!.CachedInputTokenCount);
        Assert.Equal(2, Directory.GetFiles(_dir, "*" + PromptCacheStore.Extension).Length);
    }

    public void Dispose()
    {
        try { Directory.Delete(_dir, recursive: true); }
        catch (DirectoryNotFoundException) { }
    }
}
