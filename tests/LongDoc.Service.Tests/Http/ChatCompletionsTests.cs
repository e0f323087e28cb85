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

    [Fact]
    public async Task Chat_StreamWithIncludeUsage_RoleFirstThenFinishThenUsageBeforeDone()
    {
        await using var server = await Start();
        using var client = server.Client();
        var response = await client.PostAsJsonAsync("/v1/chat/completions", new
        {
            model = "tiny.gguf", messages = new[] { new { role = "user", content = "tell me" } }, stream = true, max_tokens = 5, temperature = 0,
            stream_options = new { include_usage = true },
        });
        var events = AskAndChatApiTests.Events(await response.Content.ReadAsStringAsync());
        Assert.Equal("[DONE]", events[^1].Data);
        var chunks = events.SkipLast(1).Select(e => JsonDocument.Parse(e.Data).RootElement).ToList();
        Assert.Equal("assistant", chunks[0].GetProperty("choices")[0].GetProperty("delta").GetProperty("role").GetString());
        Assert.NotEqual(JsonValueKind.Null, chunks[^2].GetProperty("choices")[0].GetProperty("finish_reason").ValueKind);
        Assert.Equal(0, chunks[^1].GetProperty("choices").GetArrayLength());
        var usage = chunks[^1].GetProperty("usage");
        var generated = chunks.Count(c => c.GetProperty("choices") is { } ch && ch.GetArrayLength() > 0 && ch[0].GetProperty("delta").TryGetProperty("content", out var t) && t.GetString()!.Length > 0);
        Assert.InRange(usage.GetProperty("completion_tokens").GetInt32(), Math.Max(generated, 1), 5);
        Assert.Equal(usage.GetProperty("prompt_tokens").GetInt32() + usage.GetProperty("completion_tokens").GetInt32(), usage.GetProperty("total_tokens").GetInt32());
        Assert.All(chunks.SkipLast(1), c => Assert.False(c.TryGetProperty("usage", out _)));
    }

    /// <summary>Text parts are joined by newlines; fields a client sends that change nothing here are accepted.</summary>
    [Fact]
    public async Task Chat_TextPartsDeveloperRoleAndHarmlessFields_SameAnswerAsPlainRequest()
    {
        await using var server = await Start();
        using var client = server.Client();
        var plain = await client.PostAsJsonAsync("/v1/chat/completions", new
        {
            messages = new[] { new { role = "system", content = "be brief" }, new { role = "user", content = "hello\nthere" } }, max_tokens = 4, temperature = 0,
        });
        var parts = await client.PostAsJsonAsync("/v1/chat/completions", new
        {
            model = "tiny.gguf",
            messages = new object[]
            {
                new { role = "developer", content = new[] { new { type = "text", text = "be brief" } } },
                new { role = "user", content = new[] { new { type = "text", text = "hello" }, new { type = "text", text = "there" } } },
            },
            max_completion_tokens = 4, temperature = 0, n = 1, user = "u-1", logprobs = false, presence_penalty = 0, frequency_penalty = 0,
            response_format = new { type = "text" }, stream = false, stream_options = (object?)null, stop = "never-seen-stop", tool_choice = "none",
        });
        Assert.Equal(HttpStatusCode.OK, parts.StatusCode);
        var a = JsonDocument.Parse(await plain.Content.ReadAsStringAsync()).RootElement;
        var b = JsonDocument.Parse(await parts.Content.ReadAsStringAsync()).RootElement;
        Assert.Equal(a.GetProperty("usage").GetProperty("prompt_tokens").GetInt32(), b.GetProperty("usage").GetProperty("prompt_tokens").GetInt32());
        Assert.Equal(a.GetProperty("choices")[0].GetProperty("message").GetProperty("content").GetString(),
            b.GetProperty("choices")[0].GetProperty("message").GetProperty("content").GetString());
    }

    [Theory]
    [InlineData("""{"messages":[{"role":"user","content":[{"type":"image_url","image_url":{"url":"https://x/a.png"}}]}]}""", "messages[0].content[0]", "text-only")]
    [InlineData("""{"messages":[{"role":"user","content":[{"type":"input_audio","input_audio":{"data":"AA==","format":"wav"}}]}]}""", "messages[0].content[0]", "text-only")]
    [InlineData("""{"messages":[{"role":"user","content":[{"type":"text","text":5}]}]}""", "messages[0].content[0].text", "must be a string")]
    [InlineData("""{"messages":[{"role":"user","content":"hi"},{"role":"tool","content":"42","tool_call_id":"c1"}]}""", "messages[1].role", "'tool' is not supported")]
    [InlineData("""{"messages":[{"role":"assistant","content":null}]}""", "messages[0].content", "a string or a list of text parts")]
    [InlineData("""{"messages":[null]}""", "messages[0]", "must be an object")]
    [InlineData("""{"messages":[]}""", "messages", "non-empty list")]
    [InlineData("""{"messages":[{"role":"user","content":"hi"}],"n":2}""", "n", "one choice per request")]
    [InlineData("""{"messages":[{"role":"user","content":"hi"}],"logprobs":true}""", "logprobs", "not returned")]
    [InlineData("""{"messages":[{"role":"user","content":"hi"}],"response_format":{"type":"json_object"}}""", "response_format", "only 'text'")]
    [InlineData("""{"messages":[{"role":"user","content":"hi"}],"tools":[{"type":"function","function":{"name":"f"}}]}""", "tools", "calls no tools")]
    [InlineData("""{"messages":[{"role":"user","content":"hi"}],"stop":[1]}""", "stop", "a string or a list of strings")]
    public async Task Chat_UnsupportedRequest_400NamingTheField(string body, string param, string message)
    {
        await using var server = await Start();
        using var client = server.Client();
        var response = await client.PostAsync("/v1/chat/completions", new StringContent(body, System.Text.Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var error = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.GetProperty("error");
        Assert.Equal("invalid_request", error.GetProperty("type").GetString());
        Assert.Equal(param, error.GetProperty("param").GetString());
        Assert.Contains(message, error.GetProperty("message").GetString());
    }
}
