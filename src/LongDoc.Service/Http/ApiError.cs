using Microsoft.AspNetCore.Http;

namespace LongDoc.Service.Http;

/// <summary>Errors in OpenAI's shape, {"error": {"message", "type"}}, on every route.</summary>
public static class ApiError
{
    public sealed record Body(Detail Error);
    public sealed record Detail(string Message, string Type);

    public static IResult Result(int status, string message, string type) => Results.Json(new Body(new Detail(message, type)), statusCode: status);

    public static Task Write(HttpContext context, int status, string message, string type)
    {
        context.Response.StatusCode = status;
        return context.Response.WriteAsJsonAsync(new Body(new Detail(message, type)));
    }
}
