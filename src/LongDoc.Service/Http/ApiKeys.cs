using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Options;

namespace LongDoc.Service.Http;

/// <summary>
/// The keys of the key file (<see cref="KeyFile"/>), checked in constant time; each names its <see cref="Tenant"/>.
/// An empty set means the API is open (loopback only) and every request is tenant "default".
/// </summary>
public sealed class ApiKeys
{
    readonly ApiKey[] _keys;
    readonly byte[][] _bytes;

    public ApiKeys(string? keyFile)
    {
        if (string.IsNullOrWhiteSpace(keyFile)) { _keys = []; _bytes = []; return; }
        var (keys, failures) = KeyFile.Read(keyFile);
        if (failures.Count > 0) throw new OptionsValidationException("Http", typeof(HttpOptions), failures);
        _keys = [.. keys];
        _bytes = [.. keys.Select(k => Encoding.UTF8.GetBytes(k.Key))];
    }

    public bool Required => _keys.Length > 0;

    /// <summary>
    /// The key of an Authorization header "Bearer KEY" (the scheme in any case, RFC 7235), compared with every key in
    /// constant time; null when none matches.
    /// </summary>
    public ApiKey? Match(string? authorization)
    {
        var space = authorization?.IndexOf(' ') ?? -1;
        if (space < 0 || !authorization![..space].Equals("Bearer", StringComparison.OrdinalIgnoreCase)) return null;
        var given = Encoding.UTF8.GetBytes(authorization[(space + 1)..].Trim());
        ApiKey? found = null;
        for (int i = 0; i < _keys.Length; i++)
            if (CryptographicOperations.FixedTimeEquals(_bytes[i], given)) found = _keys[i];
        return found;
    }

    /// <summary>Middleware: 401 with WWW-Authenticate for a missing or wrong key, else the key's tenant for the handlers; /health stays public.</summary>
    public async Task Guard(HttpContext context, RequestDelegate next)
    {
        if (!Required || context.Request.Path == "/health")
        {
            await next(context);
            return;
        }
        if (Match(context.Request.Headers.Authorization) is { } key)
        {
            context.Features.Set(new Tenant(key.Tenant, key.Admin));
            await next(context);
            return;
        }
        context.Response.Headers.WWWAuthenticate = "Bearer";
        await ApiError.Write(context, StatusCodes.Status401Unauthorized, "missing or unknown API key (Authorization: Bearer KEY)", "unauthorized");
    }
}
