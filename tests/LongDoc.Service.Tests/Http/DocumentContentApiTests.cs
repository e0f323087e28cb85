using System.Net;
using System.Text;
using System.Text.Json;
using LongDoc.Service.Http;
using LongDoc.Service.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace LongDoc.Service.Tests.Http;

/// <summary>A done document's pages, original and deletion: each the caller's tenant's; bad page numbers and hostile names answered cleanly.</summary>
public sealed class DocumentContentApiTests
{
    const string Notes = "# Harbour notes\n\n## Opening hours\n\nThe harbour opens at dawn.\n\n## Fees\n\nA berth costs 40 crowns a night.\n";

    static async Task<JsonElement> Json(HttpResponseMessage response) => JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;

    static async Task<(ApiServer Server, HttpClient Client, long Id)> DoneAsync(string name, string text)
    {
        var server = await ApiServer.StartAsync();
        var client = server.Client();
        var id = await ApiServer.UploadAsync(client, name, text);
        await ApiServer.WaitForAsync(client, id, "done");
        return (server, client, id);
    }

    [Fact]
    public async Task Pages_DoneMarkdown_CountOutlineAndPageText()
    {
        var (server, client, id) = await DoneAsync("notes.md", Notes);
        await using var _ = server;
        using var __ = client;
        var pages = await Json(await client.GetAsync($"/v1/documents/{id}/pages"));
        Assert.Equal("markdown", pages.GetProperty("format").GetString());
        Assert.Equal(1, pages.GetProperty("pageCount").GetInt32());
        Assert.Equal(["Harbour notes", "Opening hours", "Fees"], pages.GetProperty("outline").EnumerateArray().Select(h => h.GetProperty("text").GetString()));
        Assert.Equal([1, 2, 2], pages.GetProperty("outline").EnumerateArray().Select(h => h.GetProperty("level").GetInt32()));
        var page = await Json(await client.GetAsync($"/v1/documents/{id}/pages/1"));
        Assert.Contains("A berth costs 40 crowns a night.", page.GetProperty("text").GetString());
    }

    [Theory]
    [InlineData("0")]
    [InlineData("2")]
    [InlineData("-1")]
    [InlineData("2147483647")]
    public async Task Page_OutOfRange_404NamingThePageCount(string n)
    {
        var (server, client, id) = await DoneAsync("notes.md", Notes);
        await using var _ = server;
        using var __ = client;
        var response = await client.GetAsync($"/v1/documents/{id}/pages/{n}");
        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal($"document {id} (notes.md) has 1 page(s); there is no page {n}", (await Json(response)).GetProperty("error").GetProperty("message").GetString());
    }

    [Theory]
    [InlineData("99999999999999999999")]
    [InlineData("abc")]
    [InlineData("1.5")]
    public async Task Page_NotANumber_404NoRoute(string n)
    {
        var (server, client, id) = await DoneAsync("notes.md", Notes);
        await using var _ = server;
        using var __ = client;
        var response = await client.GetAsync($"/v1/documents/{id}/pages/{n}");
        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("not_found", (await Json(response)).GetProperty("error").GetProperty("type").GetString());
    }

    [Fact]
    public async Task File_HtmlWithScriptAndHostileName_OriginalBytesAsSandboxedOpaqueDownload()
    {
        const string Name = "n\u00f6tice\"; filename=evil.sh.html";
        var html = "<html><body><h1>Notice</h1><script>alert(1)</script><img src=x onerror=\"alert(2)\"><p>Body text here.</p></body></html>";
        await using var server = await ApiServer.StartAsync();
        using var client = server.Client();
        // The name as a browser may send it: RFC 5987 (filename*), which the form reader prefers to filename.
        var file = new ByteArrayContent(Encoding.UTF8.GetBytes(html));
        file.Headers.TryAddWithoutValidation("Content-Disposition", $"form-data; name=\"file\"; filename=\"x.html\"; filename*=UTF-8''{Uri.EscapeDataString(Name)}");
        var upload = await client.PostAsync("/v1/documents", new MultipartFormDataContent { file });
        Assert.Equal(HttpStatusCode.Accepted, upload.StatusCode);
        var id = (await Json(upload)).GetProperty("id").GetInt64();
        await ApiServer.WaitForAsync(client, id, "done");
        var response = await client.GetAsync($"/v1/documents/{id}/file");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(html, await response.Content.ReadAsStringAsync());
        Assert.Equal("application/octet-stream", response.Content.Headers.ContentType?.MediaType);
        var disposition = response.Content.Headers.ContentDisposition!;
        Assert.Equal("attachment", disposition.DispositionType);
        Assert.Equal(Name, disposition.FileNameStar);
        Assert.Single(response.Content.Headers.GetValues("Content-Disposition"));
        Assert.Equal("sandbox; default-src 'none'", response.Headers.GetValues("Content-Security-Policy").Single());
        Assert.Equal("nosniff", response.Headers.GetValues("X-Content-Type-Options").Single());
    }

    [Fact]
    public async Task Delete_DoneDocument_GoneWithItsFiles()
    {
        var (server, client, id) = await DoneAsync("notes.md", Notes);
        await using var _ = server;
        using var __ = client;
        var uploads = server.Services.GetRequiredService<UploadResults>();
        Assert.True(File.Exists(uploads.DocumentPath(id)));
        Assert.True(File.Exists(uploads.OriginalPath(id)));
        Assert.Equal(HttpStatusCode.NoContent, (await client.DeleteAsync($"/v1/documents/{id}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync($"/v1/documents/{id}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync($"/v1/documents/{id}/pages/1")).StatusCode);
        Assert.False(File.Exists(uploads.DocumentPath(id)));
        Assert.False(File.Exists(uploads.OriginalPath(id)));
        Assert.Equal(HttpStatusCode.NotFound, (await client.DeleteAsync($"/v1/documents/{id}")).StatusCode);
        // The same bytes again are a new document, not the deleted one.
        var again = await client.PostAsync("/v1/documents", ApiServer.Upload("notes.md", Encoding.UTF8.GetBytes(Notes)));
        Assert.Equal(HttpStatusCode.Accepted, again.StatusCode);
    }

    [Fact]
    public async Task OtherTenant_PagesFileDelete_404AndNothingRemoved()
    {
        var (server, client, id) = await DoneAsync("notes.md", Notes);
        await using var _ = server;
        using var __ = client;
        using var beta = server.Client(ApiServer.OtherKey);
        foreach (var path in new[] { $"/v1/documents/{id}/pages", $"/v1/documents/{id}/pages/1", $"/v1/documents/{id}/file" })
            Assert.Equal(HttpStatusCode.NotFound, (await beta.GetAsync(path)).StatusCode);
        var delete = await beta.DeleteAsync($"/v1/documents/{id}");
        Assert.Equal(HttpStatusCode.NotFound, delete.StatusCode);
        Assert.Equal($"no document {id}", (await Json(delete)).GetProperty("error").GetProperty("message").GetString());
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync($"/v1/documents/{id}/file")).StatusCode);
    }

    [Fact]
    public async Task Pages_FailedDocument_409WithItsReason()
    {
        await using var server = await ApiServer.StartAsync(new() { ["Jobs:RetrySeconds"] = "0" });
        using var client = server.Client();
        var response = await client.PostAsync("/v1/documents", ApiServer.Upload("broken.pdf", Encoding.ASCII.GetBytes("%PDF-1.7\nthis is no PDF at all\n")));
        var id = (await Json(response)).GetProperty("id").GetInt64();
        var failed = await ApiServer.WaitForAsync(client, id, "failed");
        var pages = await client.GetAsync($"/v1/documents/{id}/pages");
        Assert.Equal(HttpStatusCode.Conflict, pages.StatusCode);
        var message = (await Json(pages)).GetProperty("error").GetProperty("message").GetString()!;
        Assert.StartsWith($"document {id} (broken.pdf) is failed, not done: ", message);
        Assert.EndsWith(failed.GetProperty("error").GetString()!, message);
        Assert.Equal(HttpStatusCode.NoContent, (await client.DeleteAsync($"/v1/documents/{id}")).StatusCode);
    }
}
