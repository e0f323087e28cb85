using LongDoc.Service.Jobs;
using LongDoc.Tasks.Extractive;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace LongDoc.Service.Http;

/// <summary>
/// POST /v1/documents/{id}/ask {"question"}: the answer as server-sent events: "answer" events carrying text
/// deltas, then one "citations" event (pages, quotes, pages read, the document's id and name), then "done".
/// </summary>
public static class AskEndpoint
{
    public sealed record AskRequest(string? Question);

    public static void Map(IEndpointRouteBuilder app) => app.MapPost("/v1/documents/{id:long}/ask", Ask);

    static async Task Ask(long id, AskRequest? body, HttpContext context, IJobStore store, UploadResults uploads, CancellationToken ct)
    {
        var question = body?.Question?.Trim();
        if (string.IsNullOrEmpty(question))
        {
            await ApiError.Write(context, StatusCodes.Status400BadRequest, "the body needs a non-empty \"question\"", "invalid_request");
            return;
        }
        var job = await store.GetAsync(id, ct);
        if (job is not { Kind: UploadResults.JobKind })
        {
            await ApiError.Write(context, StatusCodes.Status404NotFound, $"no document {id}", "not_found");
            return;
        }
        if (job.State != JobState.Done)
        {
            await ApiError.Write(context, StatusCodes.Status409Conflict, $"document {id} ({job.Name}) is {job.State.ToString().ToLowerInvariant()}, not done{(job.Error is null ? "" : ": " + job.Error)}", "not_ready");
            return;
        }
        var document = await Task.Run(() => uploads.ReadDocument(id), ct);
        var answer = await Task.Run(() => ExtractiveAnswerer.Ask(document, question), ct);
        var sse = new Sse(context.Response);
        sse.Start();
        foreach (var piece in Pieces(answer.Text)) await sse.SendAsync("answer", new { delta = piece }, ct);
        await sse.SendAsync("citations", new
        {
            documentId = id, document = job.Name, mode = answer.Mode.ToString().ToLowerInvariant(), found = answer.Found,
            pagesRead = answer.PagesRead, citations = answer.Citations.Select(c => new { page = c.Page, section = c.Section, quote = c.Quote, verified = c.Verified }),
        }, ct);
        await sse.RawAsync("done", "{}", ct);
    }

    /// <summary>The text in word-sized deltas, as a model would stream it.</summary>
    static IEnumerable<string> Pieces(string text)
    {
        for (int start = 0; start < text.Length;)
        {
            var space = text.IndexOf(' ', start + 1);
            var end = space < 0 ? text.Length : space;
            yield return text[start..end];
            start = end;
        }
    }
}
