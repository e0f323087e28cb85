using System.Net;
using Microsoft.Extensions.Configuration;

namespace LongDoc.Service.Http;

/// <summary>
/// Where `longdoc serve` may listen: loopback, unless a key file is set. Applied to every address the final
/// configuration gives Kestrel, whatever the source (command line, LONGDOC__ variables, appsettings.json): Http:Urls,
/// the host's "urls" (ASPNETCORE_URLS), and every Kestrel:Endpoints:NAME:Url. Checked when the options are validated,
/// so a refused address is never bound.
/// </summary>
public static class ListenRule
{
    /// <summary>Each configured address with the key that names it and, where known, the source that set it.</summary>
    public static IEnumerable<(string Key, string Url, string Source)> Addresses(IConfiguration config, string httpUrls)
    {
        foreach (var url in Split(httpUrls)) yield return ("Http:Urls", url, SourceOf(config, "Http:Urls"));
        if (config["urls"] is { } urls && urls != httpUrls)
            foreach (var url in Split(urls)) yield return ("urls", url, SourceOf(config, "urls"));
        foreach (var endpoint in config.GetSection("Kestrel:Endpoints").GetChildren())
            if (endpoint["Url"] is { Length: > 0 } url) yield return ($"Kestrel:Endpoints:{endpoint.Key}:Url", url, SourceOf(config, $"Kestrel:Endpoints:{endpoint.Key}:Url"));
    }

    /// <summary>One failure per address that is not a URL, or reaches beyond this machine while no key file is set.</summary>
    public static IEnumerable<string> Failures(IConfiguration config, string httpUrls, bool hasKeys)
    {
        foreach (var (key, url, source) in Addresses(config, httpUrls))
        {
            var from = source.Length > 0 ? $" (from {source})" : "";
            if (Local(url) is not { } local) yield return $"{key}: '{url}'{from} is not a URL";
            else if (!local && !hasKeys) yield return $"{key}: {url}{from} is reachable from other machines; set Http:KeyFile (API keys) first, or listen on 127.0.0.1";
        }
    }

    /// <summary>True for loopback and Unix sockets, false for any other address (*, +, 0.0.0.0, a host name), null for no URL.</summary>
    public static bool? Local(string url)
    {
        if (url.Contains("://unix:", StringComparison.OrdinalIgnoreCase)) return true;
        if (!Uri.TryCreate(url.Replace("://*", "://0.0.0.0").Replace("://+", "://0.0.0.0"), UriKind.Absolute, out var uri) || uri.Host.Length == 0) return null;
        return uri.IsLoopback || (IPAddress.TryParse(uri.Host, out var ip) && IPAddress.IsLoopback(ip));
    }

    static string[] Split(string urls) => urls.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);

    /// <summary>The last configuration provider holding <paramref name="key"/> (the one that wins), as it describes itself.</summary>
    static string SourceOf(IConfiguration config, string key) =>
        config is IConfigurationRoot root ? root.Providers.Reverse().FirstOrDefault(p => p.TryGet(key, out _))?.ToString() ?? "" : "";
}
