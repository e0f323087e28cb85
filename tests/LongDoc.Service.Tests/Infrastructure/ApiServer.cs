using System.Net.Http.Headers;
using System.Text.Json;
using LongDoc.Service.Hosting;
using LongDoc.Tasks.Search;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;

namespace LongDoc.Service.Tests.Infrastructure;

/// <summary>`longdoc serve`'s host on real Kestrel at a free loopback port, with a state folder of its own.</summary>
public sealed class ApiServer : IAsyncDisposable
{
    readonly WebApplication _app;
    readonly DirectoryInfo _dir = Directory.CreateTempSubdirectory("longdoc-api-");

    /// <summary>Tenant "default"'s key (a line with the key alone).</summary>
    public const string Key = "test-key-0123456789";

    /// <summary>Tenant "beta"'s key.</summary>
    public const string OtherKey = "beta-key-0123456789";

    /// <summary>An admin key of tenant "ops": sees every tenant in lists and metrics.</summary>
    public const string AdminKey = "admin-key-0123456789";

    ApiServer(Dictionary<string, string?> settings, bool withKeys, IPassageEmbedder? embedder, Action<IServiceCollection>? replace)
    {
        var keyFile = Path.Combine(_dir.FullName, "keys");
        File.WriteAllText(keyFile, $"# keys of the tests\n{Key}\n{OtherKey} beta\n\n  # the operators\n{AdminKey} ops admin\n");
        var overrides = new Dictionary<string, string?>
        {
            ["Http:Urls"] = "http://127.0.0.1:0", ["Jobs:StateFolder"] = Path.Combine(_dir.FullName, "state"),
            ["Extraction:InProcess"] = "true", ["Jobs:PollSeconds"] = "0.1", ["Http:KeyFile"] = withKeys ? keyFile : null,
            ["Logging:LogLevel:Default"] = "Warning",
        };
        foreach (var (k, v) in settings) overrides[k] = v;
        _app = LongDocHost.BuildServe([], overrides, new Dictionary<string, string?>(), embedder, replace);
    }

    /// <summary>Starts the host; <paramref name="replace"/> registers test services over the built-in ones (a gated summarizer).</summary>
    public static async Task<ApiServer> StartAsync(Dictionary<string, string?>? settings = null, bool withKeys = true, IPassageEmbedder? embedder = null,
        Action<IServiceCollection>? replace = null)
    {
        var server = new ApiServer(settings ?? [], withKeys, embedder, replace);
        await server._app.StartAsync();
        return server;
    }

    public IServiceProvider Services => _app.Services;

    public string StateFolder => Path.Combine(_dir.FullName, "state");

    public Uri BaseAddress => new(_app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First());

    public HttpClient Client(bool authorized = true) => Client(authorized ? Key : null);

    /// <summary>A client sending "Authorization: Bearer <paramref name="key"/>" (none when null).</summary>
    public HttpClient Client(string? key)
    {
        var client = new HttpClient { BaseAddress = BaseAddress, Timeout = TimeSpan.FromSeconds(60) };
        if (key is not null) client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", key);
        return client;
    }

    /// <summary>Uploads a Markdown text and returns the new document's id (asserting 202).</summary>
    public static async Task<long> UploadAsync(HttpClient client, string name, string text)
    {
        var response = await client.PostAsync("/v1/documents", Upload(name, System.Text.Encoding.UTF8.GetBytes(text)));
        Assert.Equal(System.Net.HttpStatusCode.Accepted, response.StatusCode);
        return JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.GetProperty("id").GetInt64();
    }

    public static MultipartFormDataContent Upload(string name, byte[] bytes)
    {
        var content = new ByteArrayContent(bytes);
        content.Headers.ContentType = new MediaTypeHeaderValue("application/octet-stream");
        return new MultipartFormDataContent { { content, "file", name } };
    }

    /// <summary>Polls GET /v1/documents/{id} until its status is <paramref name="status"/>.</summary>
    public static async Task<JsonElement> WaitForAsync(HttpClient client, long id, string status, TimeSpan? timeout = null)
    {
        var until = DateTime.UtcNow + (timeout ?? TimeSpan.FromSeconds(60));
        while (true)
        {
            var doc = JsonDocument.Parse(await client.GetStringAsync($"/v1/documents/{id}")).RootElement;
            if (doc.GetProperty("status").GetString() == status) return doc;
            if (DateTime.UtcNow > until) throw new TimeoutException($"document {id} still {doc.GetProperty("status")} ({doc})");
            await Task.Delay(50);
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        try { _dir.Delete(recursive: true); } catch (IOException) { }
    }
}
