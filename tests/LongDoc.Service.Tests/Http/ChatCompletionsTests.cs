using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using LongDoc.Service.Tests.Infrastructure;
using LongDoc.Testing.RandomModels;

namespace LongDoc.Service.Tests.Http;

/// <summary>/v1/chat/completions on a tiny random qwen3moe (context 128): OpenAI shapes, streaming, context overflow.</summary>
public sealed class ChatCompletionsTests : IClassFixture<ChatCompletionsTests.TinyModel>
{
    public sealed class TinyModel : IDisposable
    {
        readonly DirectoryInfo _dir = Directory.CreateTempSubdirectory("longdoc-chat-model-");
        public readonly string Path;

        public TinyModel()
        {
            Path = System.IO.Path.Combine(_dir.FullName, "tiny.gguf");
            RandomModelWriter.WriteGguf(new RandomModelSpec { Seed = 11, Context = 128 }, Path);
        }

        public void Dispose() => _dir.Delete(recursive: true);
    }

    readonly TinyModel _model;

    public ChatCompletionsTests(TinyModel model) => _model = model;

    Task<ApiServer> Start() => ApiServer.StartAsync(new() { ["Model:Path"] = _model.Path, ["Model:ChatTemplate"] = "chatml" });

    static object Request(string content, bool stream, int maxTokens) =>
        new { model = "tiny.gguf", messages = new[] { new { role = "user", content } }, stream, max_tokens = maxTokens, temperature = 0 };

    [Fact]
    public async Task Chat_Greedy_CompletionWithUsage()
    {
        await using var server = await Start();
        using var client = server.Client();
        var models = JsonDocument.Parse(await client.GetStringAsync("/v1/models")).RootElement.GetProperty("data");
        Assert.Equal("tiny.gguf", models[0].GetProperty("id").GetString());
        var response = await client.PostAsJsonAsync("/v1/chat/completions", Request("hello there", stream: false, maxTokens: 4));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
        Assert.Equal("chat.completion", body.GetProperty("object").GetString());
        var choice = body.GetProperty("choices")[0];
        Assert.Equal("assistant", choice.GetProperty("message").GetProperty("role").GetString());
        Assert.Contains(choice.GetProperty("finish_reason").GetString(), new[] { "length", "stop" });
        var usage = body.GetProperty("usage");
        Assert.InRange(usage.GetProperty("completion_tokens").GetInt32(), 1, 4);
        Assert.Equal(usage.GetProperty("prompt_tokens").GetInt32() + usage.GetProperty("completion_tokens").GetInt32(), usage.GetProperty("total_tokens").GetInt32());
        var metrics = await client.GetStringAsync("/metrics");
        Assert.Contains($"longdoc_generated_tokens_total {usage.GetProperty("completion_tokens").GetInt32()}\n", metrics);
        Assert.DoesNotContain("longdoc_tokens_per_second 0\n", metrics);
    }

    [Fact]
    public async Task Chat_Stream_ChunksThenDoneSameTextAsWhole()
    {
        await using var server = await Start();
        using var client = server.Client();
        var whole = JsonDocument.Parse(await (await client.PostAsJsonAsync("/v1/chat/completions", Request("tell me", false, 6))).Content.ReadAsStringAsync())
            .RootElement.GetProperty("choices")[0].GetProperty("message").GetProperty("content").GetString();
        var response = await client.PostAsJsonAsync("/v1/chat/completions", Request("tell me", true, 6));
        Assert.Equal("text/event-stream", response.Content.Headers.ContentType!.MediaType);
        var events = AskAndChatApiTests.Events(await response.Content.ReadAsStringAsync());
        Assert.Equal("[DONE]", events[^1].Data);
        var chunks = events.SkipLast(1).Select(e => JsonDocument.Parse(e.Data).RootElement).ToList();
        Assert.All(chunks, c => Assert.Equal("chat.completion.chunk", c.GetProperty("object").GetString()));
        var streamed = string.Concat(chunks.Select(c => c.GetProperty("choices")[0].GetProperty("delta").TryGetProperty("content", out var t) ? t.GetString() : ""));
        Assert.Equal(whole, streamed);
        Assert.NotEqual(JsonValueKind.Null, chunks[^1].GetProperty("choices")[0].GetProperty("finish_reason").ValueKind);
    }

    [Fact]
    public async Task Chat_PromptOverContext_400WithBothTokenCounts()
    {
        await using var server = await Start();
        using var client = server.Client();
        var response = await client.PostAsJsonAsync("/v1/chat/completions", Request(string.Join(' ', Enumerable.Repeat("word", 400)), false, 16));
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var error = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.GetProperty("error");
        Assert.Equal("context_length_exceeded", error.GetProperty("type").GetString());
        Assert.Matches(@"prompt \d+ tokens \+ requested 16 new tokens = \d+ > context 128 tokens", error.GetProperty("message").GetString());
    }

    [Fact]
    public async Task Chat_UnknownModelName_404()
    {
        await using var server = await Start();
        using var client = server.Client();
        var response = await client.PostAsJsonAsync("/v1/chat/completions", new { model = "gpt-4", messages = new[] { new { role = "user", content = "hi" } } });
        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }
}
