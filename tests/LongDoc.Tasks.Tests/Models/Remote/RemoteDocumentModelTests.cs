using System.Text.Json;
using LongDoc.Runtime.Chat;
using LongDoc.Runtime.Generation;
using LongDoc.Tasks.Models.Remote;
using LongDoc.Testing.Engines;

namespace LongDoc.Tasks.Tests.Models.Remote;

/// <summary>A remote model against a loopback engine: discovery, context, token counts, and the streamed answer.</summary>
public class RemoteDocumentModelTests
{
    static readonly IReadOnlyList<ChatMessage> Hello = [ChatMessage.User("Hello")];

    /// <summary>An engine with /v1/models, an optional /tokenize and /props, and <paramref name="chat"/> for chat.</summary>
    internal static FakeEngine Engine(EngineReply models, Func<EngineRequest, EngineReply>? chat = null,
        Func<EngineRequest, EngineReply>? tokenize = null, EngineReply? props = null) => new(r => r.Path switch
    {
        "/v1/models" => models,
        "/tokenize" when tokenize is not null => tokenize(r),
        "/props" when props is not null => props,
        "/v1/chat/completions" when chat is not null => chat(r),
        _ => EngineReply.Error(404, "not found"),
    });

    internal static Task<RemoteDocumentModel> Open(FakeEngine engine, string? model = null, RemoteModelOptions? options = null) =>
        RemoteDocumentModel.OpenAsync(RemoteEndpoint.Parse(engine.Url + (model is null ? "" : "#" + model)), options ?? new RemoteModelOptions());

    internal static async Task<(string Text, FinishReason? Finish)> Answer(RemoteDocumentModel model, IReadOnlyList<ChatMessage>? messages = null, int maxTokens = 64)
    {
        var text = "";
        FinishReason? finish = null;
        await foreach (var chunk in model.ChatAsync(messages ?? Hello, maxTokens, null, CancellationToken.None))
        {
            text += chunk.Text;
            finish ??= chunk.FinishReason;
        }
        return (text, finish);
    }

    [Fact]
    public async Task OpenAsync_VllmModels_ContextFromMaxModelLenAndFirstModel()
    {
        using var engine = Engine(EngineReply.Models(32768, "Qwen/Qwen3-8B", "other"));
        using var model = await Open(engine);
        Assert.Equal("Qwen/Qwen3-8B", model.Name);
        Assert.Equal(32768, model.ContextSize);
        Assert.Contains("max_model_len", model.Description, StringComparison.Ordinal);
    }

    [Fact]
    public async Task OpenAsync_CtxGiven_WinsOverTheEngines()
    {
        using var engine = Engine(EngineReply.Models(32768, "m"));
        using var model = await Open(engine, options: new RemoteModelOptions { ContextSize = 4096 });
        Assert.Equal(4096, model.ContextSize);
    }

    [Fact]
    public async Task OpenAsync_LlamaServer_ContextFromPropsNCtx()
    {
        using var engine = Engine(EngineReply.Models(null, "gguf"), props: EngineReply.Json("{\"default_generation_settings\":{\"n_ctx\":8192},\"total_slots\":4}"));
        using var model = await Open(engine);
        Assert.Equal(8192, model.ContextSize);
        Assert.Contains("/props", model.Description, StringComparison.Ordinal);
    }

    [Fact]
    public async Task OpenAsync_NoContextAnywhere_ErrorAsksForCtx()
    {
        using var engine = Engine(EngineReply.Models(null, "llama3.2"));
        var e = await Assert.ThrowsAsync<RemoteModelException>(() => Open(engine));
        Assert.Equal($"model endpoint {engine.Url}: the engine does not say the context size of 'llama3.2': give it with --ctx (Model:ContextSize)", e.Message);
    }

    [Fact]
    public async Task OpenAsync_ModelNotServed_ErrorListsServedModels()
    {
        using var engine = Engine(EngineReply.Models(4096, "a", "b"));
        var e = await Assert.ThrowsAsync<RemoteModelException>(() => Open(engine, "c"));
        Assert.Equal($"model endpoint {engine.Url}: model 'c' is not served here; GET /v1/models lists 'a', 'b'", e.Message);
    }

    [Fact]
    public async Task CountTokens_VllmTokenize_CountFromEngine()
    {
        using var engine = Engine(EngineReply.Models(4096, "m"), tokenize: r =>
        {
            var prompt = JsonDocument.Parse(r.Body).RootElement.GetProperty("prompt").GetString()!;
            return EngineReply.Json($"{{\"count\":{prompt.Length * 3},\"max_model_len\":4096,\"tokens\":[1]}}");
        });
        using var model = await Open(engine);
        Assert.Equal(15, model.CountTokens("hello"));
        Assert.Contains("/tokenize", model.Description, StringComparison.Ordinal);
    }

    [Fact]
    public async Task CountTokens_LlamaServerTokenize_LengthOfTokens()
    {
        using var engine = Engine(EngineReply.Models(4096, "m"), tokenize: r =>
        {
            var content = JsonDocument.Parse(r.Body).RootElement.GetProperty("content").GetString()!;
            return EngineReply.Json("{\"tokens\":[" + string.Join(",", Enumerable.Range(0, content.Length)) + "]}");
        });
        using var model = await Open(engine);
        Assert.Equal(11, model.CountTokens("hello world"));
        int asked = engine.Requests.Count(r => r.Path == "/tokenize");
        Assert.Equal(11, model.CountTokens("hello world"));
        Assert.Equal(asked, engine.Requests.Count(r => r.Path == "/tokenize"));     // counted once
    }

    [Fact]
    public async Task CountTokens_NoTokenizeRoute_StatedEstimateOfTwoBytesAToken()
    {
        using var engine = Engine(EngineReply.Models(4096, "m"));
        using var model = await Open(engine);
        Assert.Equal(3, model.CountTokens("hello"));
        Assert.Equal(3, model.CountTokens("日本"));                                   // 6 UTF-8 bytes
        Assert.Contains("an estimate (2 UTF-8 bytes a token", model.Description, StringComparison.Ordinal);
        Assert.Equal(3 + 16 + 16, model.CountPromptTokens(Hello));                   // contents + a message's markup + the opened turn
    }

    [Fact]
    public async Task ChatAsync_PromptOverContext_RefusedBeforeSending()
    {
        using var engine = Engine(EngineReply.Models(64, "m"), _ => EngineReply.Answer("never"));
        using var model = await Open(engine);
        await Assert.ThrowsAsync<ContextOverflowException>(() => Answer(model, [ChatMessage.User(new string('x', 200))]));
        Assert.Empty(engine.Chats);
    }

    [Fact]
    public async Task ChatAsync_Greedy_SendsTemperatureZeroMaxTokensAndModel()
    {
        using var engine = Engine(EngineReply.Models(4096, "m"), _ => EngineReply.Answer("Hi", " there"));
        using var model = await Open(engine, options: new RemoteModelOptions { ApiKey = "sk-test" });
        var (text, finish) = await Answer(model, maxTokens: 33);
        Assert.Equal("Hi there", text);
        Assert.Equal(FinishReason.Stop, finish);
        var request = Assert.Single(engine.Chats);
        var body = JsonDocument.Parse(request.Body).RootElement;
        Assert.Equal("m", body.GetProperty("model").GetString());
        Assert.Equal(0, body.GetProperty("temperature").GetDouble());
        Assert.True(body.GetProperty("stream").GetBoolean());
        Assert.Equal(33, body.GetProperty("max_completion_tokens").GetInt32());    // OpenAI's name (vLLM, LongDoc)
        Assert.Equal(33, body.GetProperty("max_tokens").GetInt32());               // the older one (llama-server, Ollama)
        Assert.Equal("Bearer sk-test", request.Headers["authorization"]);
    }
}
