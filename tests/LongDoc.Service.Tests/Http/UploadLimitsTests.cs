using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using LongDoc.Service.Jobs;
using LongDoc.Service.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace LongDoc.Service.Tests.Http;

/// <summary>The queue bound holds under parallel uploads; a failed upload's error never shows a server path.</summary>
[System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
public sealed class UploadLimitsTests
{
    [Fact]
    public async Task Upload_ParallelPastMaxQueue_NeverMoreQueuedRest429()
    {
        // One worker, stuck on a slow extraction: it takes at most one job off the queue during the test.
        const int maxQueue = 5, uploads = 12;
        var script = Path.Combine(Path.GetTempPath(), $"longdoc-slow-{Guid.NewGuid():N}");
        File.WriteAllText(script, "#!/bin/sh\nsleep 30\n");
        File.SetUnixFileMode(script, UnixFileMode.UserRead | UnixFileMode.UserExecute);
        await using var server = await ApiServer.StartAsync(new()
        {
            ["Http:MaxQueue"] = maxQueue.ToString(), ["Http:RetryAfterSeconds"] = "9", ["Extraction:InProcess"] = "false", ["Extraction:Command"] = script,
        });
        using var client = server.Client();
        var responses = await Task.WhenAll(Enumerable.Range(0, uploads).Select(i =>
            client.PostAsync("/v1/documents", ApiServer.Upload($"{i}.md", Encoding.UTF8.GetBytes($"# Upload {i}\n\nText {i}.\n")))));
        var accepted = responses.Count(r => r.StatusCode == HttpStatusCode.Accepted);
        Assert.InRange(accepted, maxQueue, maxQueue + 1);
        var refused = responses.Where(r => r.StatusCode != HttpStatusCode.Accepted).ToList();
        Assert.All(refused, r => Assert.Equal((HttpStatusCode.TooManyRequests, TimeSpan.FromSeconds(9)), (r.StatusCode, r.Headers.RetryAfter!.Delta!.Value)));
        var counts = await server.Services.GetRequiredService<IJobStore>().CountAsync();
        Assert.True(counts[JobState.Queued] <= maxQueue, $"{counts[JobState.Queued]} queued");
        Assert.Equal(accepted, Directory.GetDirectories(Path.Combine(server.StateFolder, "uploads")).Length);
        File.Delete(script);
    }

    [Fact]
    public async Task FailedUpload_ErrorOnEveryRoute_NamesTheUploadNotTheStateFolder()
    {
        await using var server = await ApiServer.StartAsync(new() { ["Jobs:MaxAttempts"] = "1", ["Jobs:RetrySeconds"] = "0" });
        using var client = server.Client();
        var bytes = Encoding.ASCII.GetBytes("%PDF-1.7\n1 0 obj << /Type /Catalog /Pages 9 0 R >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n");
        var posted = await client.PostAsync("/v1/documents", ApiServer.Upload("broken.pdf", bytes));
        var id = JsonDocument.Parse(await posted.Content.ReadAsStringAsync()).RootElement.GetProperty("id").GetInt64();
        var failed = await ApiServer.WaitForAsync(client, id, "failed");
        Assert.StartsWith("broken.pdf", failed.GetProperty("error").GetString());
        var bodies = new[]
        {
            failed.ToString(),
            await client.GetStringAsync("/v1/documents"),
            await (await client.PostAsJsonAsync($"/v1/documents/{id}/ask", new { question = "What?" })).Content.ReadAsStringAsync(),
        };
        Assert.All(bodies, body => Assert.DoesNotContain(server.StateFolder, body));
        Assert.All(bodies, body => Assert.DoesNotContain("upload.pdf", body));
    }
}
