using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;

namespace LongDoc.Tasks.Models.Remote;

/// <summary>
/// The HTTP side of an endpoint that is not chat (chat goes through the OpenAI SDK's IChatClient): one HttpClient
/// with the API key, for /v1/models, /tokenize and /props, each bounded by <see cref="RemoteModelOptions.RequestTimeout"/>,
/// each failure a <see cref="RemoteModelException"/>. The chat client shares <see cref="Client"/>.
/// </summary>
public sealed class RemoteHttp : IDisposable
{
    public RemoteEndpoint Endpoint { get; }
    public RemoteModelOptions Options { get; }
    public HttpClient Client { get; }

    public RemoteHttp(RemoteEndpoint endpoint, RemoteModelOptions options)
    {
        Endpoint = endpoint;
        Options = options;
        var sockets = new SocketsHttpHandler { ConnectTimeout = options.RequestTimeout, PooledConnectionLifetime = TimeSpan.FromMinutes(5) };
        Client = new HttpClient(new ErrorBodies(this) { InnerHandler = sockets }) { Timeout = Timeout.InfiniteTimeSpan };
        if (options.ApiKey is { Length: > 0 } key) Client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", key);
    }

    /// <summary>A failure naming the endpoint, with the API key scrubbed from the cause.</summary>
    public RemoteModelException Fail(string cause, Exception? inner = null) => new(Endpoint, Scrub(cause), inner);

    public string Scrub(string text) => Options.ApiKey is { Length: > 0 } key ? text.Replace(key, "***", StringComparison.Ordinal) : text;

    /// <summary>GETs JSON; null when <paramref name="optional"/> or 404 says the route is not there.</summary>
    public Task<JsonDocument?> GetJsonAsync(Uri uri, string what, CancellationToken ct, bool optional = false) =>
        SendAsync(() => new HttpRequestMessage(HttpMethod.Get, uri), what, ct, optional);

    /// <summary>POSTs <paramref name="body"/> as JSON; null when the route is not there (404, 405, 501).</summary>
    public Task<JsonDocument?> PostJsonAsync(Uri uri, object body, string what, CancellationToken ct) =>
        SendAsync(() => new HttpRequestMessage(HttpMethod.Post, uri) { Content = JsonContent.Create(body) }, what, ct, optional: true);

    static readonly HashSet<HttpStatusCode> Absent = [HttpStatusCode.NotFound, HttpStatusCode.MethodNotAllowed, HttpStatusCode.NotImplemented];

    async Task<JsonDocument?> SendAsync(Func<HttpRequestMessage> request, string what, CancellationToken ct, bool optional)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
        timeout.CancelAfter(Options.RequestTimeout);
        try
        {
            using var message = request();
            using var response = await Client.SendAsync(message, timeout.Token).ConfigureAwait(false);
            if (Absent.Contains(response.StatusCode) && (optional || response.StatusCode == HttpStatusCode.NotFound)) return null;
            var body = await response.Content.ReadAsStringAsync(timeout.Token).ConfigureAwait(false);
            if (!response.IsSuccessStatusCode)
                throw Fail($"{what}: {RemoteFaults.Status((int)response.StatusCode, RemoteFaults.ErrorMessage(body))}");
            try { return JsonDocument.Parse(body); }
            catch (JsonException) when (optional) { return null; }
            catch (JsonException e) { throw Fail($"{what}: the answer is not JSON ({e.Message})", e); }
        }
        catch (OperationCanceledException e) when (!ct.IsCancellationRequested)
        {
            throw Fail($"{what}: no answer within {Options.RequestTimeout.TotalSeconds:0.#} s", e);
        }
        catch (HttpRequestException e)
        {
            throw Fail($"{what}: {RemoteFaults.Network(e)}", e);
        }
    }

    public void Dispose() => Client.Dispose();

    /// <summary>
    /// A 200 whose JSON body is an {"error": ...} (a gateway's or an engine's way to refuse a streamed request) is a
    /// failure, not an empty answer: it becomes a <see cref="RemoteModelException"/> with the engine's message.
    /// </summary>
    sealed class ErrorBodies(RemoteHttp owner) : DelegatingHandler
    {
        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken ct)
        {
            var response = await base.SendAsync(request, ct).ConfigureAwait(false);
            if (!response.IsSuccessStatusCode || response.Content.Headers.ContentType?.MediaType != "application/json") return response;
            await response.Content.LoadIntoBufferAsync(ct).ConfigureAwait(false);
            if (RemoteFaults.ErrorMessage(await response.Content.ReadAsStringAsync(ct).ConfigureAwait(false)) is not { } error) return response;
            response.Dispose();
            throw owner.Fail($"{request.Method} {request.RequestUri?.AbsolutePath}: {(int)response.StatusCode} with an error body: {error}");
        }
    }
}
