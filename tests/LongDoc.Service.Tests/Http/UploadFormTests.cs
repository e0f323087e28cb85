using System.Net;
using System.Text;
using System.Text.Json;
using LongDoc.Service.Http;
using LongDoc.Service.Tests.Infrastructure;

namespace LongDoc.Service.Tests.Http;

/// <summary>Upload names are data, never paths; a form that is not one file in the field "file" is a 400 that says why.</summary>
[System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
public sealed class UploadFormTests
{
    const string Boundary = "longdoc-test-boundary";
    static readonly byte[] Markdown = Encoding.UTF8.GetBytes("# Tide table\n\nHigh tide at 06:12.\n");

    /// <summary>A multipart body written byte for byte: the name reaches the server exactly as given.</summary>
    static ByteArrayContent Raw(params (string Disposition, byte[] Bytes)[] parts)
    {
        var body = new List<byte>();
        foreach (var (disposition, bytes) in parts)
        {
            body.AddRange(Encoding.UTF8.GetBytes($"--{Boundary}\r\nContent-Disposition: form-data; {disposition}\r\nContent-Type: text/markdown\r\n\r\n"));
            body.AddRange(bytes);
            body.AddRange("\r\n"u8.ToArray());
        }
        body.AddRange(Encoding.UTF8.GetBytes($"--{Boundary}--\r\n"));
        var content = new ByteArrayContent([.. body]);
        content.Headers.TryAddWithoutValidation("Content-Type", $"multipart/form-data; boundary={Boundary}");
        return content;
    }

    static string Utf8Star(string name) => "filename*=UTF-8''" + Uri.EscapeDataString(name);

    static async Task<JsonElement> Error(HttpResponseMessage response, HttpStatusCode status)
    {
        Assert.Equal(status, response.StatusCode);
        return JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.GetProperty("error");
    }

    static string[] UploadFolders(ApiServer server)
    {
        var uploads = Path.Combine(server.StateFolder, "uploads");
        return Directory.Exists(uploads) ? Directory.GetDirectories(uploads) : [];
    }

    [Theory]
    [InlineData("..", "document")]
    [InlineData(".", "document")]
    [InlineData("../../etc/passwd.md", "passwd.md")]
    [InlineData("tide\0table.md", "tidetable.md")]
    [InlineData("潮汐表潮汐表潮汐表潮汐表潮汐表潮汐表潮汐表潮汐表潮汐表潮汐表潮汐表潮汐表潮汐表潮汐表潮汐表潮汐表潮汐表潮汐表潮汐表潮汐表潮汐表潮汐表潮汐表潮汐表.md",
        "潮汐表潮汐表潮汐表潮汐表潮汐表潮汐表潮汐表潮汐表潮汐表潮汐表潮汐表潮汐表潮汐表潮汐表潮汐表潮汐表潮汐表潮汐表潮汐表潮汐表潮汐表潮汐表潮汐表潮汐表.md")]
    public async Task Upload_HostileName_StoredUnderAGeneratedNameAndShownCleaned(string given, string shown)
    {
        await using var server = await ApiServer.StartAsync();
        using var client = server.Client();
        var response = await client.PostAsync("/v1/documents", Raw(($"name=\"file\"; {Utf8Star(given)}", Markdown)));
        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        var id = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.GetProperty("id").GetInt64();
        var done = await ApiServer.WaitForAsync(client, id, "done");
        Assert.Equal(shown, done.GetProperty("name").GetString());
        Assert.Empty(UploadFolders(server));
    }

    [Fact]
    public void Display_VeryLongName_ShortenedKeepingTheExtension()
    {
        var shown = UploadName.Display(new string('x', 300) + ".md");
        Assert.Equal(UploadName.MaxDisplayLength, shown.Length);
        Assert.EndsWith("x.md", shown);
    }

    [Fact]
    public void StoredFile_EveryFormat_HasAnExtension()
    {
        foreach (var format in Enum.GetValues<LongDoc.Documents.DocumentFormat>())
            Assert.StartsWith("upload.", UploadName.StoredFile(format));
        Assert.Equal("upload.img", UploadName.StoredFile(LongDoc.Documents.DocumentFormat.Image));
    }

    [Fact]
    public async Task Upload_WhileQueued_StoredAsUploadWithTheSniffedExtension()
    {
        var script = Path.Combine(Path.GetTempPath(), $"longdoc-slow-{Guid.NewGuid():N}");
        File.WriteAllText(script, "#!/bin/sh\nsleep 30\n");
        File.SetUnixFileMode(script, UnixFileMode.UserRead | UnixFileMode.UserExecute);
        await using var server = await ApiServer.StartAsync(new() { ["Extraction:InProcess"] = "false", ["Extraction:Command"] = script });
        using var client = server.Client();
        await ApiServer.UploadAsync(client, "../notes.txt", "# Notes\n\n## One\n\nFirst.\n");
        var stored = Directory.GetFiles(Assert.Single(UploadFolders(server)));
        Assert.Equal("upload.txt", Path.GetFileName(Assert.Single(stored)));
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(stored[0]));
        File.Delete(script);
    }

    [Fact]
    public async Task Upload_MalformedMultipart_400InvalidRequest()
    {
        await using var server = await ApiServer.StartAsync();
        using var client = server.Client();
        var truncated = new ByteArrayContent(Encoding.UTF8.GetBytes($"--{Boundary}\r\nContent-Disposition: form-data; name=\"file\"; filename=\"a.md\"\r\n\r\n# A"));
        truncated.Headers.TryAddWithoutValidation("Content-Type", $"multipart/form-data; boundary={Boundary}");
        var error = await Error(await client.PostAsync("/v1/documents", truncated), HttpStatusCode.BadRequest);
        Assert.Equal("invalid_request", error.GetProperty("type").GetString());
        Assert.StartsWith("malformed multipart/form-data body", error.GetProperty("message").GetString());

        var noBoundary = new ByteArrayContent(Markdown);
        noBoundary.Headers.TryAddWithoutValidation("Content-Type", "multipart/form-data");
        Assert.Equal("invalid_request", (await Error(await client.PostAsync("/v1/documents", noBoundary), HttpStatusCode.BadRequest)).GetProperty("type").GetString());
        Assert.Empty(UploadFolders(server));
    }

    [Fact]
    public async Task Upload_TwoFiles_400NamingTheLimit()
    {
        await using var server = await ApiServer.StartAsync();
        using var client = server.Client();
        var error = await Error(await client.PostAsync("/v1/documents", Raw(("name=\"file\"; filename=\"a.md\"", Markdown), ("name=\"file\"; filename=\"b.md\"", Markdown))),
            HttpStatusCode.BadRequest);
        Assert.Equal("one file per upload; the form holds 2 files", error.GetProperty("message").GetString());
        Assert.Empty(UploadFolders(server));
    }

    [Fact]
    public async Task Upload_WrongFieldName_400()
    {
        await using var server = await ApiServer.StartAsync();
        using var client = server.Client();
        var error = await Error(await client.PostAsync("/v1/documents", Raw(("name=\"document\"; filename=\"a.md\"", Markdown))), HttpStatusCode.BadRequest);
        Assert.Equal("the file is in the field 'document'; send it in the field 'file'", error.GetProperty("message").GetString());
    }
}
