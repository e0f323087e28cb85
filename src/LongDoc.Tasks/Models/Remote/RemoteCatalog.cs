using System.Text.Json;

namespace LongDoc.Tasks.Models.Remote;

/// <summary>A model an endpoint serves (GET /v1/models), with its context where the engine says it (vLLM, SGLang: max_model_len).</summary>
public sealed record RemoteModelCard(string Id, string? OwnedBy, int? MaxModelLen);

/// <summary>
/// What an engine says about itself, over plain GETs: /v1/models (every engine), and llama-server's /props, whose
/// default_generation_settings.n_ctx is the context of its slots (its /v1/models only gives n_ctx_train).
/// </summary>
public static class RemoteCatalog
{
    public static async Task<IReadOnlyList<RemoteModelCard>> ListAsync(RemoteHttp http, CancellationToken ct)
    {
        using var doc = await http.GetJsonAsync(http.Endpoint.Route("models"), "GET /v1/models", ct).ConfigureAwait(false)
            ?? throw http.Fail("GET /v1/models: 404 Not Found (is this an OpenAI-compatible endpoint? its path usually ends in /v1)");
        if (!doc.RootElement.TryGetProperty("data", out var data) || data.ValueKind != JsonValueKind.Array)
            throw http.Fail("GET /v1/models: the answer has no \"data\" list");
        return [.. data.EnumerateArray().Where(m => m.ValueKind == JsonValueKind.Object && Text(m, "id") is not null)
            .Select(m => new RemoteModelCard(Text(m, "id")!, Text(m, "owned_by"), Int(m, "max_model_len")))];
    }

    /// <summary>llama-server's slot context (GET /props), or null where the route is absent or says nothing.</summary>
    public static async Task<int?> PropsContextAsync(RemoteHttp http, CancellationToken ct)
    {
        using var doc = await http.GetJsonAsync(new Uri(http.Endpoint.Root, "props"), "GET /props", ct, optional: true).ConfigureAwait(false);
        return doc is not null && doc.RootElement.ValueKind == JsonValueKind.Object
            && doc.RootElement.TryGetProperty("default_generation_settings", out var settings) && settings.ValueKind == JsonValueKind.Object
            ? Int(settings, "n_ctx") : null;
    }

    static string? Text(JsonElement e, string name) =>
        e.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String && v.GetString() is { Length: > 0 } s ? s : null;

    static int? Int(JsonElement e, string name) =>
        e.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.Number && v.TryGetInt32(out int n) && n > 0 ? n : null;
}
