using System.Text.Json;
using LongDoc.Service.Processing;
using LongDoc.Service.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace LongDoc.Service.Tests.Http;

/// <summary>
/// A document's phase while it is processed, seen through GET /v1/documents: a <see cref="GatedSummarizer"/> holds
/// each piece until the test has seen it (no timing luck).
/// </summary>
public sealed class DocumentPhaseApiTests
{
    [Fact]
    public async Task Processing_SummaryInPieces_PhaseFollowsEachPieceThenGone()
    {
        var summarizer = new GatedSummarizer();
        await using var server = await ApiServer.StartAsync(replace: s => s.AddSingleton<IDocumentSummarizer>(summarizer));
        using var client = server.Client();
        var id = await ApiServer.UploadAsync(client, "pieces.md", "# Pieces\n\nThe first piece.\n\n# More\n\nThe second piece.\n");

        var first = await WaitForPhaseAsync(client, id, "summarizing 1/2");
        Assert.Equal("running", first.GetProperty("status").GetString());
        summarizer.First.SetResult();
        var second = await WaitForPhaseAsync(client, id, "summarizing 2/2");
        var listed = JsonDocument.Parse(await client.GetStringAsync("/v1/documents")).RootElement.GetProperty("documents").EnumerateArray().Single();
        Assert.Equal("summarizing 2/2", listed.GetProperty("phase").GetString());
        Assert.Equal("running", second.GetProperty("status").GetString());
        summarizer.Second.SetResult();

        var done = await ApiServer.WaitForAsync(client, id, "done");
        Assert.Equal(JsonValueKind.Null, done.GetProperty("phase").ValueKind);
    }

    /// <summary>Polls the document until its phase is <paramref name="phase"/>; the gates hold it there, so this always ends.</summary>
    static async Task<JsonElement> WaitForPhaseAsync(HttpClient client, long id, string phase)
    {
        var until = DateTime.UtcNow + TimeSpan.FromSeconds(60);
        while (true)
        {
            var doc = JsonDocument.Parse(await client.GetStringAsync($"/v1/documents/{id}")).RootElement;
            if (doc.GetProperty("phase") is { ValueKind: JsonValueKind.String } p && p.GetString() == phase) return doc;
            if (DateTime.UtcNow > until) throw new TimeoutException($"document {id} never in phase {phase} ({doc})");
            await Task.Delay(50);
        }
    }
}
