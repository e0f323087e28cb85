using System.Net;
using Microsoft.Extensions.Options;

namespace LongDoc.Service.Http;

/// <summary>An API reachable from other machines must have keys; a configured model or key file must exist.</summary>
sealed class HttpOptionsValidator : IValidateOptions<HttpOptions>
{
    public ValidateOptionsResult Validate(string? name, HttpOptions o)
    {
        var failures = new List<string>();
        foreach (var url in o.Urls.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            if (!Uri.TryCreate(url.Replace("://*", "://0.0.0.0").Replace("://+", "://0.0.0.0"), UriKind.Absolute, out var uri)) { failures.Add($"Http:Urls: '{url}' is not a URL"); continue; }
            var loopback = uri.IsLoopback || (IPAddress.TryParse(uri.Host, out var ip) && IPAddress.IsLoopback(ip));
            if (!loopback && string.IsNullOrWhiteSpace(o.KeyFile))
                failures.Add($"Http:Urls: {url} is reachable from other machines; set Http:KeyFile (API keys) first");
        }
        if (!string.IsNullOrWhiteSpace(o.KeyFile) && !File.Exists(o.KeyFile)) failures.Add($"Http:KeyFile: {o.KeyFile} does not exist");
        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}

sealed class ModelOptionsValidator : IValidateOptions<ModelOptions>
{
    public ValidateOptionsResult Validate(string? name, ModelOptions o) =>
        string.IsNullOrWhiteSpace(o.Path) || File.Exists(o.Path) || Directory.Exists(o.Path)
            ? ValidateOptionsResult.Success
            : ValidateOptionsResult.Fail($"Model:Path: {o.Path} does not exist (a GGUF file or a safetensors folder)");
}
