using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using LongDoc.Service.Http;
using LongDoc.Service.Tests.Infrastructure;
using LongDoc.Testing.RandomModels;
using Microsoft.Extensions.DependencyInjection;

namespace LongDoc.Service.Tests.Http;

/// <summary>
/// The service with a model configured: the summary job, /ask and /v1/chat/completions all run the one loaded model
/// (tiny random qwen3moe, so the words are noise; what is checked is the path and the shapes).
/// </summary>
public sealed class ModelAskTests : IDisposable
{
    readonly DirectoryInfo _dir = Directory.CreateTempSubdirectory("longdoc-model-ask-");

    public void Dispose() => _dir.Delete(recursive: true);

    [Fact]
    public async Task Ask_ModelConfigured_ModelAnswersStreamedAndTheModelLoadsOnceForSummaryAskAndChat()
    {
        var path = Path.Combine(_dir.FullName, "tiny.gguf");
        RandomModelWriter.WriteGguf(new RandomModelSpec { Seed = 11, Context = 2048 }, path);
        await using var server = await ApiServer.StartAsync(new()
        {
            ["Model:Path"] = path, ["Model:ChatTemplate"] = "chatml", ["Model:ContextSize"] = "2048", ["Model:DefaultMaxTokens"] = "16",
        });
        using var client = server.Client();
        var text = "# Ferry timetable\n\n## Winter\n\nThe winter ferry leaves Skarn harbour at 07:40 every Tuesday.\n";
        var posted = JsonDocument.Parse(await (await client.PostAsync("/v1/documents", ApiServer.Upload("ferry.md", Encoding.UTF8.GetBytes(text)))).Content.ReadAsStringAsync());
        var id = posted.RootElement.GetProperty("id").GetInt64();
        await ApiServer.WaitForAsync(client, id, "done", TimeSpan.FromMinutes(2));   // summarized by the model: first load

        var response = await client.PostAsJsonAsync($"/v1/documents/{id}/ask", new { question = "When does the winter ferry leave?" });
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var events = AskAndChatApiTests.Events(await response.Content.ReadAsStringAsync());
        Assert.True(events.Any(e => e.Event == "answer"), string.Join(" | ", events.Select(e => e.Event + ": " + e.Data)));
        var citations = JsonDocument.Parse(events.Single(e => e.Event == "citations").Data).RootElement;
        Assert.Equal("model", citations.GetProperty("mode").GetString());
        Assert.Equal(id, citations.GetProperty("documentId").GetInt64());
        Assert.Equal("done", events[^1].Event);

        var chat = await client.PostAsJsonAsync("/v1/chat/completions",
            new { model = "tiny.gguf", messages = new[] { new { role = "user", content = "hello" } }, max_tokens = 3, temperature = 0 });
        Assert.Equal(HttpStatusCode.OK, chat.StatusCode);

        Assert.Equal(1, server.Services.GetRequiredService<SharedModel>().Loads);
    }

    [Fact]
    public async Task CollectionAskAndSummary_ModelConfigured_ModelAnswersOverBothDocuments()
    {
        var path = Path.Combine(_dir.FullName, "tiny.gguf");
        RandomModelWriter.WriteGguf(new RandomModelSpec { Seed = 11, Context = 2048 }, path);
        await using var server = await ApiServer.StartAsync(new()
        {
            ["Model:Path"] = path, ["Model:ChatTemplate"] = "chatml", ["Model:ContextSize"] = "2048", ["Model:DefaultMaxTokens"] = "16",
        });
        using var client = server.Client();
        var ferry = await ApiServer.UploadAsync(client, "ferry.md", "# Ferry timetable\n\nThe winter ferry leaves Skarn harbour at 07:40 every Tuesday.\n");
        var hut = await ApiServer.UploadAsync(client, "hut.md", "# Huts\n\nThe north hut sleeps six people.\n");
        await ApiServer.WaitForAsync(client, ferry, "done", TimeSpan.FromMinutes(2));
        await ApiServer.WaitForAsync(client, hut, "done", TimeSpan.FromMinutes(2));
        var created = JsonDocument.Parse(await (await client.PostAsJsonAsync("/v1/collections", new { name = "Island" })).Content.ReadAsStringAsync());
        var id = created.RootElement.GetProperty("id").GetInt64();
        await client.PutAsync($"/v1/collections/{id}/documents/{ferry}", null);
        await client.PutAsync($"/v1/collections/{id}/documents/{hut}", null);

        var response = await client.PostAsJsonAsync($"/v1/collections/{id}/ask", new { question = "When does the winter ferry leave?" });
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var events = AskAndChatApiTests.Events(await response.Content.ReadAsStringAsync());
        var citations = JsonDocument.Parse(events.Single(e => e.Event == "citations").Data).RootElement;
        Assert.Equal("model", citations.GetProperty("mode").GetString());
        Assert.Equal([ferry, hut], citations.GetProperty("documentsRead").EnumerateArray().Select(d => d.GetProperty("id").GetInt64()));
        Assert.Equal("done", events[^1].Event);

        var summary = JsonDocument.Parse(await (await client.PostAsync($"/v1/collections/{id}/summary", null)).Content.ReadAsStringAsync()).RootElement;
        Assert.Equal("model", summary.GetProperty("mode").GetString());
        Assert.False(string.IsNullOrEmpty(summary.GetProperty("model").GetString()));
        Assert.Equal(1, server.Services.GetRequiredService<SharedModel>().Loads);
    }
}
