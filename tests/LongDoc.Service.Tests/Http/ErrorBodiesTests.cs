using System.Net;
using System.Text;
using System.Text.Json;
using LongDoc.Service.Http;
using LongDoc.Service.Tests.Infrastructure;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace LongDoc.Service.Tests.Http;

/// <summary>Every error answer, the framework's own included, has an OpenAI-shaped body: {"error": {message, type, param, code}}.</summary>
public sealed class ErrorBodiesTests
{
    static async Task<JsonElement> Error(HttpResponseMessage response, HttpStatusCode status, string type)
    {
        Assert.Equal(status, response.StatusCode);
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        var error = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.GetProperty("error");
        Assert.Equal(type, error.GetProperty("type").GetString());
        Assert.Equal(type, error.GetProperty("code").GetString());
        Assert.True(error.TryGetProperty("param", out _));
        return error;
    }

    static HttpRequestMessage Request(string method, string path, string? body, string contentType) => new(new HttpMethod(method), path)
    {
        Content = body is null ? null : new StringContent(body, Encoding.UTF8, contentType),
    };

    [Theory]
    [InlineData("POST", "/v1/chat/completions", """{"messages": }""", "application/json", 400, "invalid_request", "at $.messages (line 1, byte 14): '}' is an invalid start of a value")]
    [InlineData("POST", "/v1/chat/completions", """{"messages": [{"role": "user", "content": "hi"}""", "application/json", 400, "invalid_request", "the JSON body is not valid at $.messages")]
    [InlineData("POST", "/v1/chat/completions", """{"messages": 5}""", "application/json", 400, "invalid_request", "at $.messages (line 1, byte 15): the value has the wrong type")]
    [InlineData("POST", "/v1/chat/completions", """{"messages": [], "max_tokens": "many"}""", "application/json", 400, "invalid_request", "at $.max_tokens")]
    [InlineData("POST", "/v1/documents/1/ask", """{"question": 7}""", "application/json", 400, "invalid_request", "at $.question")]
    [InlineData("POST", "/v1/chat/completions", "hello", "text/plain", 415, "unsupported_media_type", "text/plain")]
    [InlineData("GET", "/v1/nothing/here", null, "", 404, "not_found", "no route GET /v1/nothing/here")]
    [InlineData("DELETE", "/v1/models", null, "", 405, "method_not_allowed", "/v1/models does not take DELETE")]
    [InlineData("GET", "/v1/documents?limit=abc", null, "", 400, "invalid_request", "'limit' must be of type int, not \"abc\"")]
    [InlineData("GET", "/v1/models/gpt-4o", null, "", 404, "model_not_found", "model 'gpt-4o' is not served here; /v1/models lists none")]
    public async Task Api_BadRequest_OpenAiErrorBody(string method, string path, string? body, string contentType, int status, string type, string message)
    {
        await using var server = await ApiServer.StartAsync();
        using var client = server.Client();
        var error = await Error(await client.SendAsync(Request(method, path, body, contentType)), (HttpStatusCode)status, type);
        Assert.Contains(message, error.GetProperty("message").GetString());
    }

    [Theory]
    [InlineData("POST", "/v1/chat/completions", """{"messages": 5}""", "messages")]
    [InlineData("GET", "/v1/documents?limit=abc", null, "limit")]
    public async Task Api_WrongType_ParamNamesTheField(string method, string path, string? body, string param)
    {
        await using var server = await ApiServer.StartAsync();
        using var client = server.Client();
        var error = await Error(await client.SendAsync(Request(method, path, body, "application/json")), HttpStatusCode.BadRequest, "invalid_request");
        Assert.Equal(param, error.GetProperty("param").GetString());
    }

    /// <summary>A model file that is not a model fails on first use: 500, its path and the exception's text kept out of the answer.</summary>
    [Fact]
    public async Task Chat_ModelFailsToLoad_500ServerErrorWithoutDetails()
    {
        var dir = Directory.CreateTempSubdirectory("longdoc-bad-model-");
        try
        {
            var path = Path.Combine(dir.FullName, "broken.gguf");
            await File.WriteAllTextAsync(path, "this is not a GGUF file");
            await using var server = await ApiServer.StartAsync(new() { ["Model:Path"] = path, ["Logging:LogLevel:Default"] = "None" });
            using var client = server.Client();
            var response = await client.SendAsync(Request("POST", "/v1/chat/completions", """{"messages": [{"role": "user", "content": "hi"}]}""", "application/json"));
            var message = (await Error(response, HttpStatusCode.InternalServerError, "server_error")).GetProperty("message").GetString()!;
            Assert.StartsWith("internal server error (request ", message);
            Assert.DoesNotContain(dir.FullName, message);
        }
        finally { dir.Delete(recursive: true); }
    }

    /// <summary>The middleware alone, on a test-only app: an endpoint's exception is logged whole and answered without its text.</summary>
    [Fact]
    public async Task Middleware_UnhandledException_LoggedAnd500WithoutStackOrMessage()
    {
        var logs = new LogSink();
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders().AddProvider(logs);
        await using var app = builder.Build();
        app.UseMiddleware<ErrorBodies>();
        app.MapGet("/boom", string () => throw new InvalidOperationException("secret detail in /srv/private/file"));
        app.MapGet("/half", async (HttpContext context) => { await context.Response.WriteAsync("partial"); throw new InvalidOperationException("after start"); });
        await app.StartAsync();
        using var client = new HttpClient { BaseAddress = new Uri(app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First()) };

        var body = await (await client.GetAsync("/boom")).Content.ReadAsStringAsync();
        Assert.DoesNotContain("secret", body);
        Assert.DoesNotContain(" at ", body);
        var error = JsonDocument.Parse(body).RootElement.GetProperty("error");
        Assert.Equal("server_error", error.GetProperty("type").GetString());
        var logged = Assert.Single(logs.Entries, e => e.Level == LogLevel.Error && e.Exception is not null);
        Assert.Equal("secret detail in /srv/private/file", logged.Exception!.Message);
        Assert.Contains($"(request {logged.Id};", error.GetProperty("message").GetString());

        // An answer already started cannot become an error body: the connection ends instead.
        await Assert.ThrowsAnyAsync<HttpRequestException>(() => client.GetStringAsync("/half"));
        await app.StopAsync();
    }

    sealed class LogSink : ILoggerProvider
    {
        readonly List<(LogLevel Level, string? Id, Exception? Exception)> entries = [];

        /// <summary>A copy: the server's threads keep logging while a test reads.</summary>
        public (LogLevel Level, string? Id, Exception? Exception)[] Entries { get { lock (entries) return [.. entries]; } }

        public ILogger CreateLogger(string categoryName) => new Logger(this);

        public void Dispose() { }

        sealed class Logger(LogSink sink) : ILogger
        {
            public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;
            public bool IsEnabled(LogLevel logLevel) => true;
            public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
            {
                var id = (state as IEnumerable<KeyValuePair<string, object?>>)?.FirstOrDefault(p => p.Key == "Id").Value?.ToString();
                lock (sink.entries) sink.entries.Add((logLevel, id, exception));
            }
        }
    }
}
