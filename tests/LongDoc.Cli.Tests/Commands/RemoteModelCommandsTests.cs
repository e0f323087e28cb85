using LongDoc.Service.Hosting;
using LongDoc.Testing.Engines;
using LongDoc.Testing.RandomModels;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;

namespace LongDoc.Cli.Tests.Commands;

/// <summary>
/// summarize, ask and models with `--model http://127.0.0.1:PORT/v1`: against `longdoc serve`'s host with a tiny random
/// model (the same greedy answer as that model in process), and against a scripted engine for listings and faults
/// (one stderr line naming the endpoint, exit code 2, no key shown).
/// </summary>
public sealed class RemoteModelCommandsTests : IClassFixture<RemoteModelCommandsTests.Serve>
{
    public sealed class Serve : IAsyncLifetime
    {
        readonly DirectoryInfo _dir = Directory.CreateTempSubdirectory("longdoc-cli-remote-");
        WebApplication _app = null!;
        public string Model => Path.Combine(_dir.FullName, "tiny.gguf");
        public string Document => Path.Combine(_dir.FullName, "report.md");
        public IReadOnlyDictionary<string, string?> NoModels { get; private set; } = null!;

        public async Task InitializeAsync()
        {
            RandomModelWriter.WriteGguf(new RandomModelSpec { Seed = 5, Context = 4096 }, Model);
            File.WriteAllText(Document, "# Station report\n\nThe station opened in 1987 on the north ridge.\n\n## Link\n\nIts satellite link gives 40 megabits per second.\n");
            NoModels = TaskCommandsTests.ModelFile.Empty(_dir.FullName);
            _app = LongDocHost.BuildServe([], new Dictionary<string, string?>
            {
                ["Http:Urls"] = "http://127.0.0.1:0", ["Jobs:StateFolder"] = Path.Combine(_dir.FullName, "state"), ["Extraction:InProcess"] = "true",
                ["Model:Path"] = Model, ["Model:ChatTemplate"] = "chatml", ["Model:ContextSize"] = "4096", ["Logging:LogLevel:Default"] = "Warning",
            }, new Dictionary<string, string?>());
            await _app.StartAsync();
        }

        public string Url => _app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First() + "/v1";

        public async Task DisposeAsync()
        {
            await _app.DisposeAsync();
            _dir.Delete(recursive: true);
        }
    }

    const string Key = "sk-cli-secret-0815";
    static readonly TimeSpan Timeout = TimeSpan.FromMinutes(3);
    readonly Serve _serve;
    public RemoteModelCommandsTests(Serve serve) => _serve = serve;

    CliRunner.Result Run(params string[] args) => CliRunner.Run(Timeout, new Dictionary<string, string?>(_serve.NoModels) { ["LONGDOC_API_KEY"] = Key }, args);

    [Fact]
    public void Ask_ServeAsEngine_SameAnswerAsInProcess()
    {
        string[] common = ["ask", _serve.Document, "When did the station open?", "-n", "12", "--no-cache", "--quiet"];
        var local = Run([.. common, "--model", _serve.Model, "--chat-template", "chatml"]);
        var remote = Run([.. common, "--model", _serve.Url + "#tiny.gguf", "--tokenizer", _serve.Model]);
        Assert.Equal(0, local.ExitCode);
        Assert.True(remote.ExitCode == 0, remote.Stderr);
        Assert.Equal(local.Stdout, remote.Stdout);
    }

    [Fact]
    public void Summarize_ServeAsEngine_SameSummaryAsInProcess()
    {
        string[] common = ["summarize", _serve.Document, "-n", "12", "--no-cache", "--format", "json"];
        var local = Run([.. common, "--model", _serve.Model, "--chat-template", "chatml"]);
        var remote = Run([.. common, "--model", _serve.Url, "--tokenizer", _serve.Model]);
        Assert.Equal(0, local.ExitCode);
        Assert.True(remote.ExitCode == 0, remote.Stderr);
        Assert.Equal(local.Stdout, remote.Stdout);
        Assert.Contains($"model tiny.gguf at {_serve.Url}: context 4096 tokens (the engine's max_model_len)", remote.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public void Models_Endpoint_ListsItsModelsBesideLocalOnes()
    {
        using var engine = new FakeEngine(r => r.Path == "/v1/models" ? EngineReply.Models(32768, "Qwen/Qwen3-8B") : EngineReply.Error(404));
        var r = Run("models", "--model", engine.Url);
        Assert.Equal(0, r.ExitCode);
        Assert.Matches(@"Qwen/Qwen3-8B\s+endpoint\s+served\s+context 32768", r.Stdout);
        Assert.Contains($"default model: Qwen/Qwen3-8B ({engine.Url})", r.Stdout, StringComparison.Ordinal);
        Assert.Equal($"Bearer {Key}", engine.Requests.First().Headers["authorization"]);
    }

    [Fact]
    public void Ask_EndpointFromLongdocModel_UsedWithoutFlag()
    {
        using var engine = new FakeEngine(r => r.Path switch
        {
            "/v1/models" => EngineReply.Models(4096, "m"),
            "/v1/chat/completions" => EngineReply.Answer("It opened in 1987 [p. 1]."),
            _ => EngineReply.Error(404),
        });
        var environment = new Dictionary<string, string?>(_serve.NoModels) { ["LONGDOC_MODEL"] = engine.Url };
        var r = CliRunner.Run(Timeout, environment, "ask", _serve.Document, "When did the station open?");
        Assert.True(r.ExitCode == 0, r.Stderr);
        Assert.StartsWith("It opened in 1987 [p. 1].", r.Stdout, StringComparison.Ordinal);
        Assert.Contains($"model endpoint {engine.Url}", r.Stderr, StringComparison.Ordinal);
        Assert.Single(engine.Chats);
    }

    [Fact]
    public void Chat_Endpoint_EachQuestionAnsweredByTheEngine()
    {
        int n = 0;
        using var engine = new FakeEngine(r => r.Path switch
        {
            "/v1/models" => EngineReply.Models(4096, "m"),
            "/v1/chat/completions" => EngineReply.Answer($"Answer {Interlocked.Increment(ref n)} [p. 1]."),
            _ => EngineReply.Error(404),
        });
        var r = CliRunner.RunWithInput(Timeout, _serve.NoModels, "When did it open?\nHow fast is the link?\n",
            "chat", _serve.Document, "--model", engine.Url, "--quiet");
        Assert.True(r.ExitCode == 0, r.Stderr);
        Assert.Contains("Answer 1 [p. 1].", r.Stdout, StringComparison.Ordinal);
        Assert.Contains("Answer 2 [p. 1].", r.Stdout, StringComparison.Ordinal);
        Assert.Equal(2, engine.Chats.Count);
    }

    [Fact]
    public void Ask_EndpointRefused_OneLineExit2()
    {
        var closed = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        closed.Start();
        int port = ((System.Net.IPEndPoint)closed.LocalEndpoint).Port;
        closed.Stop();
        var r = Run("ask", _serve.Document, "When?", "--model", $"http://127.0.0.1:{port}/v1", "--quiet");
        Assert.Equal(2, r.ExitCode);
        Assert.Equal($"longdoc: model endpoint http://127.0.0.1:{port}/v1: GET /v1/models: connection refused (is the engine running and listening on that port?)", r.Stderr.Trim());
    }

    [Fact]
    public void Ask_Endpoint401_OneLineExit2WithoutTheKey()
    {
        using var engine = new FakeEngine(r => r.Path switch
        {
            "/v1/models" => EngineReply.Models(4096, "m"),
            "/v1/chat/completions" => EngineReply.Error(401, $"Incorrect API key provided: {Key}"),
            _ => EngineReply.Error(404),
        });
        var r = Run("ask", _serve.Document, "When?", "--model", engine.Url, "--quiet");
        Assert.Equal(2, r.ExitCode);
        var line = Assert.Single(r.Stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.StartsWith($"longdoc: model endpoint {engine.Url}: 401 Unauthorized", line, StringComparison.Ordinal);
        Assert.DoesNotContain(Key, r.Stderr + r.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public void Ask_EngineSilentPastFirstTokenTimeout_OneLineExit2()
    {
        using var engine = new FakeEngine(r => r.Path switch
        {
            "/v1/models" => EngineReply.Models(4096, "m"),
            "/v1/chat/completions" => EngineReply.Answer("late") with { Stall = TimeSpan.FromSeconds(30) },
            _ => EngineReply.Error(404),
        });
        var r = Run("ask", _serve.Document, "When?", "--model", engine.Url, "--first-token-timeout", "2", "--quiet");
        Assert.Equal(2, r.ExitCode);
        var line = Assert.Single(r.Stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.Equal($"longdoc: model endpoint {engine.Url}: no answer within 2 s (timeout before the first token)", line);
    }

    [Theory]
    [InlineData("--first-token-timeout", "0")]
    [InlineData("--token-timeout", "-1")]
    [InlineData("--max-retries", "99")]
    public void Ask_EndpointBadTimeoutOrRetries_OneLineExit2NamingTheFlag(string flag, string value)
    {
        using var engine = new FakeEngine(_ => EngineReply.Models(4096, "m"));
        var r = Run("ask", _serve.Document, "When?", "--model", engine.Url, flag, value, "--quiet");
        Assert.Equal(2, r.ExitCode);
        Assert.StartsWith($"longdoc: {flag} {value}: must be", r.Stderr.Trim(), StringComparison.Ordinal);
    }
}
