using System.Reflection;
using Microsoft.AspNetCore.Http;

namespace LongDoc.Service.Web;

/// <summary>
/// Middleware before the key check: serves the web app (the files of Web/wwwroot, embedded in this assembly) at "/"
/// and "/app/FILE" to anyone, since the page holds no data: everything it shows it reads from the API with the key
/// the user typed (see the project README, "Web app"). Every response, the API's included, carries the headers of
/// <see cref="SecurityHeaders"/>: no inline script, no framing, no sniffing.
/// </summary>
public sealed class WebApp(RequestDelegate next)
{
    public const string Policy = "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data: blob:; font-src 'self' data:; " +
        "connect-src 'self'; worker-src 'self'; form-action 'none'; frame-ancestors 'none'; base-uri 'none'";

    const string Prefix = "/app/";
    const string ResourcePrefix = "web/";

    static readonly Dictionary<string, string> ContentTypes = new(StringComparer.OrdinalIgnoreCase)
    {
        [".html"] = "text/html; charset=utf-8", [".css"] = "text/css; charset=utf-8", [".js"] = "text/javascript; charset=utf-8",
        [".mjs"] = "text/javascript; charset=utf-8", [".png"] = "image/png", [".svg"] = "image/svg+xml", [".txt"] = "text/plain; charset=utf-8",
    };

    static readonly Dictionary<string, (string Name, string Type)> Files = Load();

    static readonly (string Name, string Value)[] SecurityHeaders =
    [
        ("Content-Security-Policy", Policy), ("X-Content-Type-Options", "nosniff"), ("Referrer-Policy", "no-referrer"),
        ("X-Frame-Options", "DENY"),
    ];

    public async Task InvokeAsync(HttpContext context)
    {
        context.Response.OnStarting(AddSecurityHeaders, context);
        var request = context.Request;
        if (!(HttpMethods.IsGet(request.Method) || HttpMethods.IsHead(request.Method)) || !Files.TryGetValue(request.Path.Value ?? "", out var file))
        {
            await next(context);
            return;
        }
        context.Response.ContentType = file.Type;
        context.Response.Headers.CacheControl = "no-cache";
        await using var stream = typeof(WebApp).Assembly.GetManifestResourceStream(file.Name)!;
        context.Response.ContentLength = stream.Length;
        if (HttpMethods.IsGet(request.Method)) await stream.CopyToAsync(context.Response.Body, context.RequestAborted);
    }

    /// <summary>Added as the answer starts (so an error body written after a Clear() has them too), where a route set none of its own.</summary>
    static Task AddSecurityHeaders(object state)
    {
        var headers = ((HttpContext)state).Response.Headers;
        foreach (var (name, value) in SecurityHeaders) headers.TryAdd(name, value);
        return Task.CompletedTask;
    }

    /// <summary>URL path to resource: "web/index.html" at "/", every other "web/PATH" of a known type at "/app/PATH".</summary>
    static Dictionary<string, (string, string)> Load()
    {
        var files = new Dictionary<string, (string, string)>(StringComparer.Ordinal);
        foreach (var name in typeof(WebApp).Assembly.GetManifestResourceNames().Where(n => n.StartsWith(ResourcePrefix, StringComparison.Ordinal)))
        {
            var path = name[ResourcePrefix.Length..];
            if (ContentTypes.TryGetValue(Path.GetExtension(path), out var type)) files[Prefix + path] = (name, type);
        }
        files["/"] = files[Prefix + "index.html"];
        return files;
    }
}
