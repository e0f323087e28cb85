using System.ClientModel;
using System.Text;
using LongDoc.Documents.Readers;
using LongDoc.Runtime.Models;
using LongDoc.Service.Tests.Infrastructure;
using LongDoc.Tasks.Models;
using LongDoc.Tasks.Models.Remote;
using LongDoc.Tasks.Summaries;
using LongDoc.Testing.RandomModels;
using OpenAI;
using OpenAI.Chat;

namespace LongDoc.Service.Tests.Hosting;

/// <summary>
/// `longdoc serve` with a tiny random model is an OpenAI-compatible engine: a remote model pointed at it gives the
/// same greedy answers and summaries as the same model run in process; and a second service with Model:Endpoint
/// forwards its own /v1/chat/completions to it, the key never showing in its metrics.
/// </summary>
public sealed class RemoteEngineTests : IClassFixture<RemoteEngineTests.Engine>
{
    public sealed class Engine : IAsyncLifetime
    {
        readonly DirectoryInfo _dir = Directory.CreateTempSubdirectory("longdoc-remote-engine-");
        public string ModelPath => Path.Combine(_dir.FullName, "tiny.gguf");
        public string KeyFile => Path.Combine(_dir.FullName, "engine.key");
        public ApiServer Api { get; private set; } = null!;

        public async Task InitializeAsync()
        {
            RandomModelWriter.WriteGguf(new RandomModelSpec { Seed = 11, Context = 4096 }, ModelPath);
            File.WriteAllText(KeyFile, ApiServer.Key + "\n");
            Api = await ApiServer.StartAsync(new() { ["Model:Path"] = ModelPath, ["Model:ChatTemplate"] = "chatml", ["Model:ContextSize"] = "4096" });
        }

        public string Url => new Uri(Api.BaseAddress, "/v1").ToString() + "#tiny.gguf";

        public async Task DisposeAsync()
        {
            await Api.DisposeAsync();
            _dir.Delete(recursive: true);
        }
    }

    const int AnswerTokens = 12;
    readonly Engine _engine;
    public RemoteEngineTests(Engine engine) => _engine = engine;

    static readonly LongDoc.Documents.Document Report = DocumentReaders.Read(Encoding.UTF8.GetBytes(
        "# Station report\n\nThe station opened in 1987 on the north ridge.\n\n## Link\n\nIts satellite link gives 40 megabits per second.\n"), "report.md");

    Task<RemoteDocumentModel> Remote() => RemoteDocumentModel.OpenAsync(RemoteEndpoint.Parse(_engine.Url),
        new RemoteModelOptions { ApiKey = ApiServer.Key, ContextSize = 4096, TokenizerPath = _engine.ModelPath });

    RuntimeDocumentModel Local() => RuntimeDocumentModel.Open(_engine.ModelPath, new RuntimeOptions { ContextSize = 4096, Threads = 2 }, "chatml");

    [Fact]
    public async Task Ask_ThroughServeAsEngine_SameGreedyAnswerAsInProcess()
    {
        const string question = "When did the station open?";
        using var remote = await Remote();
        using var local = Local();
        var overHttp = await new ModelAsker(remote, Report) { AnswerTokens = AnswerTokens }.AskAsync(question);
        var inProcess = await new ModelAsker(local, Report) { AnswerTokens = AnswerTokens }.AskAsync(question);
        Assert.NotEmpty(inProcess.Text);
        Assert.Equal(inProcess.Text, overHttp.Text);
        Assert.Equal(inProcess.PagesRead, overHttp.PagesRead);
    }

    [Fact]
    public async Task Summarize_ThroughServeAsEngine_SameGreedySummaryAsInProcess()
    {
        using var remote = await Remote();
        using var local = Local();
        var overHttp = await new ModelSummarizer(remote, Report) { SummaryTokens = AnswerTokens }.SummarizeAsync(SummaryStyle.Brief);
        var inProcess = await new ModelSummarizer(local, Report) { SummaryTokens = AnswerTokens }.SummarizeAsync(SummaryStyle.Brief);
        Assert.Equal(inProcess.Summary.Sections[0].Points[0].Text, overHttp.Summary.Sections[0].Points[0].Text);
        Assert.Equal("tiny.gguf", overHttp.Summary.Model);
    }

    [Fact]
    public async Task CountTokens_ServeAsEngineWithoutTokenizer_ItsTokenizeRouteCountsAsInProcess()
    {
        using var remote = await RemoteDocumentModel.OpenAsync(RemoteEndpoint.Parse(_engine.Url), new RemoteModelOptions { ApiKey = ApiServer.Key });
        using var local = Local();
        Assert.Contains("the engine's /tokenize", remote.Description, StringComparison.Ordinal);
        Assert.Equal(4096, remote.ContextSize);                                         // its max_model_len
        var text = Report.Text;
        Assert.Equal(local.CountTokens(text), remote.CountTokens(text));
    }

    [Fact]
    public async Task ChatCompletions_FrontWithModelEndpoint_ForwardsAndHidesKey()
    {
        await using var front = await ApiServer.StartAsync(new()
        {
            ["Model:Endpoint"] = _engine.Url, ["Model:ApiKeyFile"] = _engine.KeyFile, ["Model:Tokenizer"] = _engine.ModelPath,
        });
        var options = new ChatCompletionOptions { MaxOutputTokenCount = AnswerTokens, Temperature = 0 };
        ChatClient Chat(ApiServer api) => new OpenAIClient(new ApiKeyCredential(ApiServer.Key),
            new OpenAIClientOptions { Endpoint = new Uri(api.BaseAddress, "/v1") }).GetChatClient("tiny.gguf");
        var direct = (await Chat(_engine.Api).CompleteChatAsync([new UserChatMessage("hello there")], options)).Value;
        var forwarded = (await Chat(front).CompleteChatAsync([new UserChatMessage("hello there")], options)).Value;
        Assert.Equal(direct.Content[0].Text, forwarded.Content[0].Text);
        Assert.Equal("tiny.gguf", forwarded.Model);

        using var client = front.Client(ApiServer.AdminKey);
        var metrics = await client.GetStringAsync("/metrics");
        Assert.DoesNotContain(ApiServer.Key, metrics, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ChatCompletions_FrontEngineDown_502NamingTheEngine()
    {
        var closed = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        closed.Start();
        int port = ((System.Net.IPEndPoint)closed.LocalEndpoint).Port;
        closed.Stop();
        await using var front = await ApiServer.StartAsync(new() { ["Model:Endpoint"] = $"http://127.0.0.1:{port}/v1#m", ["Model:ContextSize"] = "4096" });
        using var client = front.Client();
        var response = await client.PostAsync("/v1/chat/completions", new StringContent(
            """{"model":"m","messages":[{"role":"user","content":"hi"}]}""", Encoding.UTF8, "application/json"));
        Assert.Equal(System.Net.HttpStatusCode.BadGateway, response.StatusCode);
        var body = await response.Content.ReadAsStringAsync();
        Assert.Contains($"model endpoint http://127.0.0.1:{port}/v1: GET /v1/models: connection refused", body, StringComparison.Ordinal);
    }
}
