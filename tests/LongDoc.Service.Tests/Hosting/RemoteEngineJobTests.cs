using System.Net;
using System.Net.Http.Json;
using LongDoc.Service.Tests.Http;
using LongDoc.Service.Tests.Infrastructure;
using LongDoc.Testing.Engines;

namespace LongDoc.Service.Tests.Hosting;

/// <summary>
/// The job worker and /ask with Model:Endpoint: an engine that refuses an attempt fails only that attempt; the job is
/// retried and its summary written once; the key read from Model:ApiKeyFile reaches the engine and nothing else.
/// </summary>
public sealed class RemoteEngineJobTests : IDisposable
{
    const string Key = "sk-job-secret-2718";
    const string Answer = "The winter ferry leaves at 07:40 [p. 1].";
    readonly DirectoryInfo _dir = Directory.CreateTempSubdirectory("longdoc-remote-jobs-");

    public void Dispose() => _dir.Delete(recursive: true);

    [Fact]
    public async Task Summary_EngineRefusesFirstAttempt_RetriedWrittenOnceKeyNowhere()
    {
        int chats = 0;
        using var engine = new FakeEngine(r => r.Path switch
        {
            "/v1/models" => EngineReply.Models(4096, "m"),
            "/v1/chat/completions" when Interlocked.Increment(ref chats) == 1 => EngineReply.Error(401, $"key {Key} was rotated"),
            "/v1/chat/completions" => EngineReply.Answer(Answer),
            _ => EngineReply.Error(404),
        });
        var keyFile = Path.Combine(_dir.FullName, "engine.key");
        File.WriteAllText(keyFile, Key + "\n");
        await using var server = await ApiServer.StartAsync(new()
        {
            ["Model:Endpoint"] = engine.Url, ["Model:ApiKeyFile"] = keyFile, ["Jobs:RetrySeconds"] = "0.2", ["Jobs:MaxAttempts"] = "3",
        });
        using var client = server.Client();
        var id = await ApiServer.UploadAsync(client, "ferry.md", "# Ferry\n\nThe winter ferry leaves Skarn harbour at 07:40 every Tuesday.\n");
        var done = await ApiServer.WaitForAsync(client, id, "done", TimeSpan.FromMinutes(1));

        Assert.Equal(2, done.GetProperty("attempts").GetInt32());
        var summary = done.GetProperty("summary").GetString()!;
        Assert.Equal(2, summary.Split(Answer).Length);                                    // the answer is in it once
        Assert.All(engine.Chats, r => Assert.Equal($"Bearer {Key}", r.Headers["authorization"]));

        var ask = await client.PostAsJsonAsync($"/v1/documents/{id}/ask", new { question = "When does the winter ferry leave?" });
        Assert.Equal(HttpStatusCode.OK, ask.StatusCode);
        var events = AskAndChatApiTests.Events(await ask.Content.ReadAsStringAsync());
        Assert.Equal(Answer, string.Concat(events.Where(e => e.Event == "answer").Select(e => System.Text.Json.JsonDocument.Parse(e.Data).RootElement.GetProperty("delta").GetString())));

        using var admin = server.Client(ApiServer.AdminKey);
        var visible = await admin.GetStringAsync("/metrics") + await admin.GetStringAsync($"/v1/documents/{id}") + done;
        Assert.DoesNotContain(Key, visible, StringComparison.Ordinal);
    }
}
