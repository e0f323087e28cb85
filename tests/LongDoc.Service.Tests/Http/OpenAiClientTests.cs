using System.ClientModel;
using LongDoc.Service.Tests.Infrastructure;
using Microsoft.Extensions.AI;
using OpenAI;
using OpenAI.Chat;
using AiChatMessage = Microsoft.Extensions.AI.ChatMessage;
using ChatFinishReason = OpenAI.Chat.ChatFinishReason;
using ChatMessage = OpenAI.Chat.ChatMessage;

namespace LongDoc.Service.Tests.Http;

/// <summary>
/// The OpenAI clients people use — the official .NET package and Microsoft.Extensions.AI over it — against serve's
/// /v1 routes on real Kestrel, with the tiny random model of <see cref="ChatCompletionsTests"/> behind them.
/// </summary>
public sealed class OpenAiClientTests : IClassFixture<OpenAiClientTests.Server>
{
    public sealed class Server : IAsyncLifetime
    {
        readonly ChatCompletionsTests.TinyModel _model = new();
        public ApiServer Api { get; private set; } = null!;

        public async Task InitializeAsync() =>
            Api = await ApiServer.StartAsync(new() { ["Model:Path"] = _model.Path, ["Model:ChatTemplate"] = "chatml" });

        public async Task DisposeAsync()
        {
            await Api.DisposeAsync();
            _model.Dispose();
        }
    }

    const string Model = "tiny.gguf";
    static readonly ChatCompletionOptions Greedy = new() { MaxOutputTokenCount = 6, Temperature = 0 };

    readonly ApiServer _api;

    public OpenAiClientTests(Server server) => _api = server.Api;

    OpenAIClient Client(string key = ApiServer.Key) =>
        new(new ApiKeyCredential(key), new OpenAIClientOptions { Endpoint = new Uri(_api.BaseAddress, "/v1") });

    [Fact]
    public async Task OpenAi_ListModels_TheServedModel()
    {
        var models = (await Client().GetOpenAIModelClient().GetModelsAsync()).Value;
        Assert.Equal(Model, Assert.Single(models).Id);
        Assert.Equal("longdoc", models[0].OwnedBy);
        Assert.Equal(Model, (await Client().GetOpenAIModelClient().GetModelAsync(Model)).Value.Id);
    }

    [Fact]
    public async Task OpenAi_CompleteChat_TextFinishAndUsage()
    {
        var completion = (await Client().GetChatClient(Model).CompleteChatAsync([new UserChatMessage("hello there")], Greedy)).Value;
        Assert.Equal(ChatMessageRole.Assistant, completion.Role);
        Assert.Contains(completion.FinishReason, new[] { ChatFinishReason.Length, ChatFinishReason.Stop });
        Assert.InRange(completion.Usage.OutputTokenCount, 1, 6);
        Assert.Equal(completion.Usage.InputTokenCount + completion.Usage.OutputTokenCount, completion.Usage.TotalTokenCount);
    }

    /// <summary>Two text parts are read as their text joined by a newline: the same answer as that text sent as a string.</summary>
    [Fact]
    public async Task OpenAi_StreamedWithTextParts_SameAnswerAsJoinedStringThenUsage()
    {
        var chat = Client().GetChatClient(Model);
        var whole = (await chat.CompleteChatAsync([new UserChatMessage("tell\nme")], Greedy)).Value;
        var updates = new List<StreamingChatCompletionUpdate>();
        ChatMessage parts = new UserChatMessage(ChatMessageContentPart.CreateTextPart("tell"), ChatMessageContentPart.CreateTextPart("me"));
        await foreach (var update in chat.CompleteChatStreamingAsync([parts], Greedy)) updates.Add(update);

        Assert.Equal(ChatMessageRole.Assistant, updates[0].Role);
        Assert.Equal(whole.Content.Count == 0 ? "" : whole.Content[0].Text, string.Concat(updates.SelectMany(u => u.ContentUpdate).Select(p => p.Text)));
        Assert.Equal(whole.FinishReason, updates.Single(u => u.FinishReason is not null).FinishReason);
        var usage = updates[^1].Usage;
        Assert.NotNull(usage);
        Assert.Equal(whole.Usage.InputTokenCount, usage.InputTokenCount);
        Assert.Equal(whole.Usage.OutputTokenCount, usage.OutputTokenCount);
    }

    [Fact]
    public async Task OpenAi_WrongKey_401FromOurBody()
    {
        var e = await Assert.ThrowsAsync<ClientResultException>(() => Client("wrong-key").GetChatClient(Model).CompleteChatAsync([new UserChatMessage("hi")], Greedy));
        Assert.Equal(401, e.Status);
        Assert.Contains("missing or unknown API key", e.Message);
    }

    [Fact]
    public async Task OpenAi_UnknownModel_404ModelNotFound()
    {
        var e = await Assert.ThrowsAsync<ClientResultException>(() => Client().GetChatClient("gpt-4o").CompleteChatAsync([new UserChatMessage("hi")], Greedy));
        Assert.Equal(404, e.Status);
        Assert.Contains("model 'gpt-4o' is not served here", e.Message);
    }

    [Fact]
    public async Task OpenAi_ImagePart_400TextOnly()
    {
        ChatMessage message = new UserChatMessage(ChatMessageContentPart.CreateTextPart("what is this?"),
            ChatMessageContentPart.CreateImagePart(new Uri("https://example.com/cat.png")));
        var e = await Assert.ThrowsAsync<ClientResultException>(() => Client().GetChatClient(Model).CompleteChatAsync([message], Greedy));
        Assert.Equal(400, e.Status);
        Assert.Contains("messages[0].content[1] is a part of type 'image_url': this server is text-only", e.Message);
    }

    [Fact]
    public async Task OpenAi_NoModelConfigured_503()
    {
        await using var bare = await ApiServer.StartAsync();
        var client = new OpenAIClient(new ApiKeyCredential(ApiServer.Key), new OpenAIClientOptions { Endpoint = new Uri(bare.BaseAddress, "/v1") });
        Assert.Empty((await client.GetOpenAIModelClient().GetModelsAsync()).Value);
        var e = await Assert.ThrowsAsync<ClientResultException>(() => client.GetChatClient(Model).CompleteChatAsync([new UserChatMessage("hi")], Greedy));
        Assert.Equal(503, e.Status);
        Assert.Contains("no model is configured on this server", e.Message);
    }

    [Fact]
    public async Task ExtensionsAi_ResponseAndStreamedResponse_SameTextAndUsage()
    {
        IChatClient chat = Client().GetChatClient(Model).AsIChatClient();
        var options = new ChatOptions { MaxOutputTokens = 6, Temperature = 0 };
        List<AiChatMessage> messages = [new(ChatRole.System, "Answer briefly."), new(ChatRole.User, "what is a ferry?")];
        var response = await chat.GetResponseAsync(messages, options);
        Assert.InRange(response.Usage!.OutputTokenCount!.Value, 1, 6);

        var updates = new List<ChatResponseUpdate>();
        await foreach (var update in chat.GetStreamingResponseAsync(messages, options)) updates.Add(update);
        Assert.Equal(response.Text, string.Concat(updates.Select(u => u.Text)));
        var usage = updates.SelectMany(u => u.Contents).OfType<UsageContent>().Single().Details;
        Assert.Equal(response.Usage.InputTokenCount, usage.InputTokenCount);
        Assert.Equal(response.Usage.OutputTokenCount, usage.OutputTokenCount);
    }
}
