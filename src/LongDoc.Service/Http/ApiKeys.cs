using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Http;

namespace LongDoc.Service.Http;

/// <summary>The keys of the key file, checked in constant time; an empty set means the API is open (loopback only).</summary>
public sealed class ApiKeys
{
    readonly byte[][] _keys;

    public ApiKeys(string? keyFile)
    {
        if (string.IsNullOrWhiteSpace(keyFile)) { _keys = []; return; }
        if (!File.Exists(keyFile)) throw new FileNotFoundException($"Http:KeyFile: {keyFile} does not exist");
        _keys = [.. File.ReadAllLines(keyFile).Select(l => l.Split('#')[0].Trim()).Where(l => l.Length > 0).Select(Encoding.UTF8.GetBytes)];
        if (_keys.Length == 0) throw new InvalidDataException($"Http:KeyFile: {keyFile} holds no key (one per line)");
    }

    public bool Required => _keys.Length > 0;

    public bool Accepts(string? authorization)
    {
        if (authorization is null || !authorization.StartsWith("Bearer ", StringComparison.Ordinal)) return false;
        var given = Encoding.UTF8.GetBytes(authorization["Bearer ".Length..].Trim());
        return _keys.Aggregate(false, (ok, key) => CryptographicOperations.FixedTimeEquals(key, given) | ok);
    }

    /// <summary>Middleware: 401 with WWW-Authenticate for a missing or wrong key; /health stays public.</summary>
    public async Task Guard(HttpContext context, RequestDelegate next)
    {
        if (!Required || context.Request.Path == "/health" || Accepts(context.Request.Headers.Authorization))
        {
            await next(context);
            return;
        }
        context.Response.Headers.WWWAuthenticate = "Bearer";
        await ApiError.Write(context, StatusCodes.Status401Unauthorized, "missing or unknown API key (Authorization: Bearer KEY)", "unauthorized");
    }
}
