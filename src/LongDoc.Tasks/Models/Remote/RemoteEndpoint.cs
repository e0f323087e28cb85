namespace LongDoc.Tasks.Models.Remote;

/// <summary>
/// An OpenAI-compatible endpoint given as a model: <c>http://gpu1:8000/v1</c>, or with the model after a hash,
/// <c>http://gpu1:8000/v1#deepseek-ai/DeepSeek-V3</c> (no model: the first one the endpoint lists).
/// <see cref="ToString"/> is what errors and logs show: scheme, host, port and path only, never user info or query.
/// </summary>
public sealed record RemoteEndpoint(Uri BaseUri, string? Model)
{
    /// <summary>Whether a --model value names an endpoint rather than a file or a catalog name.</summary>
    public static bool IsEndpoint(string? value) =>
        value is not null && (value.StartsWith("http://", StringComparison.OrdinalIgnoreCase) || value.StartsWith("https://", StringComparison.OrdinalIgnoreCase));

    /// <summary>Parses <paramref name="value"/>; <paramref name="model"/> (Model:Name) is used when the value has no #model.</summary>
    public static RemoteEndpoint Parse(string value, string? model = null)
    {
        int hash = value.IndexOf('#');
        string address = hash < 0 ? value : value[..hash];
        string? named = hash < 0 ? null : Uri.UnescapeDataString(value[(hash + 1)..]);
        if (!IsEndpoint(address) || !Uri.TryCreate(address, UriKind.Absolute, out var uri) || uri.Host.Length == 0)
            throw new ArgumentException($"model endpoint '{Safe(address)}': not an http(s) URL such as http://gpu1:8000/v1 or http://gpu1:8000/v1#model-name");
        if (uri.Query.Length > 0)
            throw new ArgumentException($"model endpoint '{Safe(address)}': no query string (put an API key in a key file, Model:ApiKeyFile or --api-key-file)");
        var baseUri = new Uri(uri.GetLeftPart(UriPartial.Path).TrimEnd('/') + "/");
        return new RemoteEndpoint(baseUri, string.IsNullOrWhiteSpace(named) ? (string.IsNullOrWhiteSpace(model) ? null : model) : named);
    }

    /// <summary>The engine's root (the base without a trailing /v1), where vLLM and llama-server serve /tokenize and /props.</summary>
    public Uri Root => new(BaseUri.AbsolutePath.EndsWith("/v1/", StringComparison.Ordinal)
        ? BaseUri.GetLeftPart(UriPartial.Authority) + BaseUri.AbsolutePath[..^3] : BaseUri.ToString());

    /// <summary>A route under the base: "models" is BASE/models.</summary>
    public Uri Route(string relative) => new(BaseUri, relative);

    public override string ToString() => Safe(BaseUri.ToString().TrimEnd('/'));

    static string Safe(string address) =>
        Uri.TryCreate(address, UriKind.Absolute, out var uri) && uri.Host.Length > 0 ? $"{uri.Scheme}://{uri.Authority}{uri.AbsolutePath}".TrimEnd('/') : "(unparsable URL)";
}
