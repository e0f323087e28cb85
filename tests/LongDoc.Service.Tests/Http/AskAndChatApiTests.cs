using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using LongDoc.Service.Tests.Infrastructure;

namespace LongDoc.Service.Tests.Http;

public sealed class AskAndChatApiTests
{
    /// <summary>Reads an SSE body into (event, data) pairs.</summary>
    public static List<(string Event, string Data)> Events(string body) =>
    [
        .. body.Split("\n\n", StringSplitOptions.RemoveEmptyEntries).Select(block =>
        {
            var lines = block.Split('\n');
            var name = lines.FirstOrDefault(l => l.StartsWith("event: "))?["event: ".Length..] ?? "";
            return (name, lines.First(l => l.StartsWith("data: "))["data: ".Length..]);
        }),
    ];

    [Fact]
    public async Task Ask_DoneDocument_SseAnswerWithCitationsOfThatDocument()
    {
        await using var server = await ApiServer.StartAsync();
        using var client = server.Client();
        var text = "# Ferry timetable\n\n## Winter\n\nThe winter ferry leaves Skarn harbour at 07:40 every Tuesday.\n\n## Summer\n\nIn summer the ferry runs daily.\n";
        var posted = JsonDocument.Parse(await (await client.PostAsync("/v1/documents", ApiServer.Upload("ferry.md", Encoding.UTF8.GetBytes(text)))).Content.ReadAsStringAsync());
        var id = posted.RootElement.GetProperty("id").GetInt64();
        await ApiServer.WaitForAsync(client, id, "done");

        var response = await client.PostAsJsonAsync($"/v1/documents/{id}/ask", new { question = "When does the winter ferry leave?" });
        Assert.Equal("text/event-stream", response.Content.Headers.ContentType!.MediaType);
        var events = Events(await response.Content.ReadAsStringAsync());
        var answer = string.Concat(events.Where(e => e.Event == "answer").Select(e => JsonDocument.Parse(e.Data).RootElement.GetProperty("delta").GetString()));
        Assert.Contains("07:40", answer);
        var citations = JsonDocument.Parse(events.Single(e => e.Event == "citations").Data).RootElement;
        Assert.Equal(id, citations.GetProperty("documentId").GetInt64());
        Assert.Equal(1, citations.GetProperty("citations")[0].GetProperty("page").GetInt32());
        Assert.Equal(1, citations.GetProperty("citations")[0].GetProperty("lastPage").GetInt32());   // one page: first = last
        Assert.Equal("done", events[^1].Event);
    }

    /// <summary>With the host's embedding model, /ask without a model finds an answer that shares no word with the question.</summary>
    [Fact]
    public async Task Ask_HybridSearch_AnswerFoundByMeaningAndVectorsCached()
    {
        using var embedder = new LongDoc.Embeddings.ArcticEmbedder();
        await using var server = await ApiServer.StartAsync(embedder: embedder);
        using var client = server.Client();
        var text = "# Station guide\n\n## Contact\n\nThe satellite link provides 40 megabits per second, shared by everyone on station.\n\n" +
                   "## Meals\n\nBreakfast is served at seven in the mess hall.\n\n## Rooms\n\nEach room has two bunks and a desk.\n";
        var posted = JsonDocument.Parse(await (await client.PostAsync("/v1/documents", ApiServer.Upload("guide.md", Encoding.UTF8.GetBytes(text)))).Content.ReadAsStringAsync());
        var id = posted.RootElement.GetProperty("id").GetInt64();
        await ApiServer.WaitForAsync(client, id, "done");

        var response = await client.PostAsJsonAsync($"/v1/documents/{id}/ask", new { question = "How fast is the internet?" });
        var events = Events(await response.Content.ReadAsStringAsync());
        var citations = JsonDocument.Parse(events.Single(e => e.Event == "citations").Data).RootElement;
        Assert.Equal("extractive", citations.GetProperty("mode").GetString());
        Assert.True(citations.GetProperty("found").GetBoolean());
        Assert.Contains("40 megabits", citations.GetProperty("citations")[0].GetProperty("quote").GetString(), StringComparison.Ordinal);
        Assert.Single(Directory.GetFiles(Path.Combine(server.StateFolder, "embeddings")));
    }

    [Fact]
    public async Task Ask_DocumentNotDone_409AndUnknown404()
    {
        var script = Path.Combine(Path.GetTempPath(), $"longdoc-slow-{Guid.NewGuid():N}");
        File.WriteAllText(script, "#!/bin/sh\nsleep 30\n");
        if (!OperatingSystem.IsWindows()) File.SetUnixFileMode(script, UnixFileMode.UserRead | UnixFileMode.UserExecute);
        await using var server = await ApiServer.StartAsync(new() { ["Extraction:InProcess"] = "false", ["Extraction:Command"] = script });
        using var client = server.Client();
        var posted = JsonDocument.Parse(await (await client.PostAsync("/v1/documents", ApiServer.Upload("a.md", Encoding.UTF8.GetBytes("# A\n")))).Content.ReadAsStringAsync());
        var id = posted.RootElement.GetProperty("id").GetInt64();
        Assert.Equal(HttpStatusCode.Conflict, (await client.PostAsJsonAsync($"/v1/documents/{id}/ask", new { question = "What?" })).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await client.PostAsJsonAsync("/v1/documents/12345/ask", new { question = "What?" })).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await client.PostAsJsonAsync($"/v1/documents/{id}/ask", new { question = " " })).StatusCode);
        File.Delete(script);
    }

    [Fact]
    public async Task Models_NoModelConfigured_EmptyListAndChat503()
    {
        await using var server = await ApiServer.StartAsync();
        using var client = server.Client();
        var models = JsonDocument.Parse(await client.GetStringAsync("/v1/models")).RootElement;
        Assert.Equal("list", models.GetProperty("object").GetString());
        Assert.Equal(0, models.GetProperty("data").GetArrayLength());
        var chat = await client.PostAsJsonAsync("/v1/chat/completions", new { messages = new[] { new { role = "user", content = "hi" } } });
        Assert.Equal(HttpStatusCode.ServiceUnavailable, chat.StatusCode);
        var error = JsonDocument.Parse(await chat.Content.ReadAsStringAsync()).RootElement.GetProperty("error");
        Assert.Equal("model_not_configured", error.GetProperty("type").GetString());
    }
}
