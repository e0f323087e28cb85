using System.Net;
using System.Text;
using System.Text.Json;
using LongDoc.Service.Tests.Infrastructure;

namespace LongDoc.Service.Tests.Http;

public sealed class DocumentApiTests
{
    static byte[] Md(string text) => Encoding.UTF8.GetBytes(text);

    [Fact]
    public async Task Health_WithoutKey_OkWhileDocumentsNeedTheKey()
    {
        await using var server = await ApiServer.StartAsync();
        using var anonymous = server.Client(authorized: false);
        Assert.Equal(HttpStatusCode.OK, (await anonymous.GetAsync("/health")).StatusCode);
        var denied = await anonymous.GetAsync("/v1/documents");
        Assert.Equal(HttpStatusCode.Unauthorized, denied.StatusCode);
        Assert.Equal("Bearer", denied.Headers.WwwAuthenticate.Single().Scheme);
        anonymous.DefaultRequestHeaders.Authorization = new("Bearer", "wrong-key");
        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.GetAsync("/metrics")).StatusCode);
        using var client = server.Client();
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/v1/documents")).StatusCode);
    }

    [Fact]
    public async Task Upload_Markdown_AcceptedThenDoneWithSummary()
    {
        await using var server = await ApiServer.StartAsync();
        using var client = server.Client();
        var response = await client.PostAsync("/v1/documents", ApiServer.Upload("notes.md", Md("# Harbour notes\n\nThe harbour opens at dawn.\n")));
        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        var id = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.GetProperty("id").GetInt64();
        var done = await ApiServer.WaitForAsync(client, id, "done");
        Assert.Contains("# Summary: Harbour notes", done.GetProperty("summary").GetString());
        Assert.Contains("> Source: notes.md, 1 page", done.GetProperty("summary").GetString());
        var list = JsonDocument.Parse(await client.GetStringAsync("/v1/documents")).RootElement.GetProperty("documents");
        Assert.Equal("notes.md", list.EnumerateArray().Single().GetProperty("name").GetString());
    }

    [Fact]
    public async Task Upload_SameBytesTwice_SameDocument()
    {
        await using var server = await ApiServer.StartAsync();
        using var client = server.Client();
        var first = JsonDocument.Parse(await (await client.PostAsync("/v1/documents", ApiServer.Upload("a.md", Md("# A\n\nSame.\n")))).Content.ReadAsStringAsync());
        var again = await client.PostAsync("/v1/documents", ApiServer.Upload("b.md", Md("# A\n\nSame.\n")));
        Assert.Equal(HttpStatusCode.OK, again.StatusCode);
        var second = JsonDocument.Parse(await again.Content.ReadAsStringAsync());
        Assert.Equal(first.RootElement.GetProperty("id").GetInt64(), second.RootElement.GetProperty("id").GetInt64());
    }

    [Fact]
    public async Task Upload_OverTheLimit_413()
    {
        await using var server = await ApiServer.StartAsync(new() { ["Http:MaxUploadMb"] = "1" });
        using var client = server.Client();
        var response = await client.PostAsync("/v1/documents", ApiServer.Upload("big.txt", Md(new string('a', 3 << 20))));
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
    }

    [Fact]
    public async Task Upload_BinaryNoise_415NamingTheFile()
    {
        await using var server = await ApiServer.StartAsync();
        using var client = server.Client();
        var response = await client.PostAsync("/v1/documents", ApiServer.Upload("photo.jpg", [0x7F, 0x45, 0x4C, 0x46, 0, 0x10, 0, 0, 1, 2, 0, 0, 3]));
        Assert.Equal(HttpStatusCode.UnsupportedMediaType, response.StatusCode);
        Assert.Contains("photo.jpg: binary content", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Upload_QueueFull_429WithRetryAfter()
    {
        // One worker stuck on a slow extraction: the next upload waits in the queue, the one after is refused.
        var script = Path.Combine(Path.GetTempPath(), $"longdoc-slow-{Guid.NewGuid():N}");
        File.WriteAllText(script, "#!/bin/sh\nsleep 30\n");
        if (!OperatingSystem.IsWindows()) File.SetUnixFileMode(script, UnixFileMode.UserRead | UnixFileMode.UserExecute);
        await using var server = await ApiServer.StartAsync(new()
        {
            ["Http:MaxQueue"] = "1", ["Http:RetryAfterSeconds"] = "7", ["Extraction:InProcess"] = "false", ["Extraction:Command"] = script,
        });
        using var client = server.Client();
        var first = JsonDocument.Parse(await (await client.PostAsync("/v1/documents", ApiServer.Upload("1.md", Md("# One\n")))).Content.ReadAsStringAsync());
        await ApiServer.WaitForAsync(client, first.RootElement.GetProperty("id").GetInt64(), "running");
        Assert.Equal(HttpStatusCode.Accepted, (await client.PostAsync("/v1/documents", ApiServer.Upload("2.md", Md("# Two\n")))).StatusCode);
        var refused = await client.PostAsync("/v1/documents", ApiServer.Upload("3.md", Md("# Three\n")));
        Assert.Equal(HttpStatusCode.TooManyRequests, refused.StatusCode);
        Assert.Equal(TimeSpan.FromSeconds(7), refused.Headers.RetryAfter!.Delta);
        File.Delete(script);
    }

    [Fact]
    public async Task Get_UnknownDocument_404()
    {
        await using var server = await ApiServer.StartAsync();
        using var client = server.Client();
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync("/v1/documents/999")).StatusCode);
    }

    [Fact]
    public async Task Metrics_AfterOneDocument_JobsByStateAndQueueDepth()
    {
        await using var server = await ApiServer.StartAsync();
        using var client = server.Client();
        var posted = JsonDocument.Parse(await (await client.PostAsync("/v1/documents", ApiServer.Upload("m.md", Md("# M\n\nText.\n")))).Content.ReadAsStringAsync());
        await ApiServer.WaitForAsync(client, posted.RootElement.GetProperty("id").GetInt64(), "done");
        var metrics = await client.GetStringAsync("/metrics");
        Assert.Contains("longdoc_jobs{tenant=\"default\",state=\"done\"} 1\n", metrics);
        Assert.Contains("longdoc_queue_depth{tenant=\"default\"} 0\n", metrics);
        Assert.Contains("# TYPE longdoc_tokens_per_second gauge\n", metrics);
    }
}
