using Microsoft.AspNetCore.Http;

namespace LongDoc.Service.Http;

/// <summary>
/// Errors in OpenAI's shape, {"error": {"message", "type", "param", "code"}}, on every route: type and code carry the
/// same word naming the problem (OpenAI clients read either), param the request field at fault when there is one.
/// </summary>
public static class ApiError
{
    public sealed record Body(Detail Error);
    public sealed record Detail(string Message, string Type, string? Param, string? Code);

    public static Body Of(string message, string type, string? param = null) => new(new Detail(message, type, param, type));

    public static IResult Result(int status, string message, string type, string? param = null) => Results.Json(Of(message, type, param), statusCode: status);

    public static Task Write(HttpContext context, int status, string message, string type, string? param = null)
    {
        context.Response.StatusCode = status;
        return context.Response.WriteAsJsonAsync(Of(message, type, param));
    }
}

/// <summary>An error an endpoint throws before it answers; <see cref="ErrorBodies"/> writes it with its status.</summary>
public sealed class ApiException(int status, string message, string type, string? param = null) : Exception(message)
{
    public int Status { get; } = status;
    public string Type { get; } = type;
    public string? Param { get; } = param;

    public static ApiException BadRequest(string message, string? param = null) => new(StatusCodes.Status400BadRequest, message, "invalid_request", param);
}
