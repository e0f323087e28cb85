using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Extensions.Logging;

namespace LongDoc.Service.Http;

/// <summary>
/// Middleware, first in the pipeline, so that every 4xx and 5xx answer carries an OpenAI-shaped body (<see cref="ApiError"/>):
/// <list type="bullet">
/// <item>an <see cref="ApiException"/> is written with its status;</item>
/// <item>a request an endpoint could not bind (malformed JSON, a value of the wrong type, a bad query value, a wrong
/// content type: <see cref="BadHttpRequestException"/>, thrown as RouteHandlerOptions.ThrowOnBadRequest asks) is answered
/// with its status and where the problem is;</item>
/// <item>any other exception is logged and answered 500 server_error with the request's id, never its message or stack;</item>
/// <item>an error the framework left empty (unknown route 404, 405, ...) gets a body naming the status.</item>
/// </list>
/// Once an answer has started nothing can be changed: the exception goes on to Kestrel, which logs it and ends the connection.
/// </summary>
public sealed partial class ErrorBodies(RequestDelegate next, ILogger<ErrorBodies> log)
{
    static readonly Dictionary<int, string> Types = new()
    {
        [StatusCodes.Status404NotFound] = "not_found", [StatusCodes.Status405MethodNotAllowed] = "method_not_allowed",
        [StatusCodes.Status408RequestTimeout] = "timeout", [StatusCodes.Status413PayloadTooLarge] = "too_large",
        [StatusCodes.Status415UnsupportedMediaType] = "unsupported_media_type",
    };

    static readonly Dictionary<int, Func<HttpRequest, string>> EmptyMessages = new()
    {
        [StatusCodes.Status404NotFound] = r => $"no route {r.Method} {r.Path}",
        [StatusCodes.Status405MethodNotAllowed] = r => $"{r.Path} does not take {r.Method}",
        [StatusCodes.Status415UnsupportedMediaType] = r => $"the body is {r.ContentType ?? "of no content type"}; send it as application/json",
    };

    public async Task InvokeAsync(HttpContext context)
    {
        try
        {
            await next(context);
        }
        catch (ApiException e) when (!context.Response.HasStarted)
        {
            await ApiError.Write(context, e.Status, e.Message, e.Type, e.Param);
            return;
        }
        catch (Tasks.Models.Remote.RemoteModelException e) when (!context.Response.HasStarted)
        {
            // The engine behind Model:Endpoint failed: its one line names the engine and the cause, never its key.
            log.LogWarning("{Method} {Path} (request {Id}): {Message}", context.Request.Method, context.Request.Path, context.TraceIdentifier, e.Message);
            await ApiError.Write(context, StatusCodes.Status502BadGateway, e.Message, "model_engine_error");
            return;
        }
        catch (BadHttpRequestException e) when (!context.Response.HasStarted)
        {
            var (message, param) = Explain(e);
            await ApiError.Write(context, e.StatusCode, message, TypeOf(e.StatusCode), param);
            return;
        }
        catch (Exception e) when (!context.Response.HasStarted && !context.RequestAborted.IsCancellationRequested)
        {
            log.LogError(e, "{Method} {Path} (request {Id}) failed", context.Request.Method, context.Request.Path, context.TraceIdentifier);
            context.Response.Clear();
            await ApiError.Write(context, StatusCodes.Status500InternalServerError,
                $"internal server error (request {context.TraceIdentifier}; the server's log has the details)", "server_error");
            return;
        }
        var status = context.Response.StatusCode;
        if (status >= 400 && !context.Response.HasStarted && context.Response.ContentLength is null or 0)
        {
            var message = EmptyMessages.TryGetValue(status, out var make) ? make(context.Request) : $"{status} {ReasonPhrases.GetReasonPhrase(status)}";
            await ApiError.Write(context, status, message, TypeOf(status));
        }
    }

    static string TypeOf(int status) => Types.GetValueOrDefault(status, status >= 500 ? "server_error" : "invalid_request");

    /// <summary>Minimal APIs' message for a query or route value that does not parse.</summary>
    [GeneratedRegex("""^Failed to bind parameter "(?:Nullable<(?<type>.+)>|(?<type>.+)) (?<name>\w+)" from "(?<value>.*)"\.$""")]
    private static partial Regex Unbound();

    /// <summary>The message and the field at fault: for JSON, the path, line and byte of the problem.</summary>
    static (string Message, string? Param) Explain(BadHttpRequestException e)
    {
        if (Unbound().Match(e.Message) is { Success: true } m)
            return ($"'{m.Groups["name"]}' must be of type {m.Groups["type"]}, not \"{m.Groups["value"]}\"", m.Groups["name"].Value);
        if (e.InnerException is not JsonException json) return (e.Message, null);
        var where = json.Path ?? "$";
        var at = json.LineNumber is { } line ? $" (line {line + 1}, byte {json.BytePositionInLine + 1})" : "";
        // The reader's message says what is malformed; without one the value parsed but has the wrong type for its field.
        var why = json.InnerException is { } reader ? reader.Message.Split(" LineNumber:")[0] : "the value has the wrong type for this field";
        return ($"the JSON body is not valid at {where}{at}: {why}", where.Length > 2 ? where[2..] : null);
    }
}
