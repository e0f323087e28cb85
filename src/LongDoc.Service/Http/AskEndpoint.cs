using LongDoc.Documents;
using LongDoc.Service.Jobs;
using LongDoc.Tasks.Answers;
using LongDoc.Tasks.Extractive;
using LongDoc.Tasks.Models;
using LongDoc.Tasks.Search;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Hosting;

namespace LongDoc.Service.Http;

/// <summary>
/// POST /v1/documents/{id}/ask {"question"}: the answer as server-sent events: "answer" events carrying text
/// deltas, then one "citations" event (mode, pages, quotes, pages read, the document's id and name), then "done".
/// With a model configured (section "Model") the model answers — the whole document when it fits the context, else
/// the sections that do, those holding the best passages first (<see cref="DocumentSearch"/>) — streamed as it generates, its citations verified against the page text;
/// without one, the extractive answer (passages by BM25, fused with an embedding model's ranking when the host
/// gave one: <see cref="DocumentSearch"/>), labelled so.
/// </summary>
public static class AskEndpoint
{
    public sealed record AskRequest(string? Question);

    public static void Map(IEndpointRouteBuilder app) => app.MapPost("/v1/documents/{id:long}/ask", Ask);

    static async Task Ask(long id, AskRequest? body, Tenant tenant, HttpContext context, IJobStore store, UploadResults uploads, SharedModel model,
        DocumentSearch search, IHostApplicationLifetime life, CancellationToken ct)
    {
        var question = body?.Question?.Trim();
        if (string.IsNullOrEmpty(question))
        {
            await ApiError.Write(context, StatusCodes.Status400BadRequest, "the body needs a non-empty \"question\"", "invalid_request");
            return;
        }
        if (await DocumentEndpoints.FindAsync(id, tenant, store, ct) is not { } job)
        {
            await DocumentEndpoints.NotFound(id).ExecuteAsync(context);
            return;
        }
        if (job.State != JobState.Done)
        {
            await ApiError.Write(context, StatusCodes.Status409Conflict,
                $"document {id} ({job.Name}) is {job.State.ToString().ToLowerInvariant()}, not done{(job.Error is null ? "" : ": " + uploads.Public(job.Error, job))}", "not_ready");
            return;
        }
        var document = await Task.Run(() => uploads.ReadDocument(id), ct);
        var sse = new Sse(context.Response);
        Answer answer;
        if (model.Configured)
        {
            try { answer = await AskModel(model, document, question, search, sse, ct); }
            catch (Exception e) when (e is not OperationCanceledException && context.Response.HasStarted)
            {
                // Events already went out: the status is sent, so the failure is an event the client can read.
                await sse.SendAsync("error", new { error = new { message = $"document {id} ({job.Name}): {uploads.Public(e.Message, job)}", type = "model_error" } }, ct);
                return;
            }
        }
        else
        {
            answer = await Task.Run(() => ExtractiveAnswerer.Ask(document, question, search.Semantic), ct);
            sse.Start();
            foreach (var piece in Pieces(answer.Text)) await sse.SendAsync("answer", new { delta = piece }, ct);
        }
        await sse.SendAsync("citations", new
        {
            documentId = id, document = job.Name, mode = answer.Mode.ToString().ToLowerInvariant(), found = answer.Found,
            pagesRead = answer.PagesRead, citations = answer.Citations.Select(c => new { page = c.Page, lastPage = c.LastPage, section = c.Section, quote = c.Quote, verified = c.Verified }),
        }, ct);
        await sse.RawAsync("done", "{}", ct);
        // The first question of a long document ranked only the best candidates by meaning: embed the rest now.
        _ = search.CompleteInBackground(document, life.ApplicationStopping);
    }

    /// <summary>
    /// The model's answer, each generated piece sent as it arrives. The asker reports text through a callback on the
    /// generating thread; a channel hands it to this request's writer. The events start once the model is loaded and
    /// it is this document's turn, so a model that fails to load is still a plain JSON error.
    /// </summary>
    static async Task<Answer> AskModel(SharedModel model, Document document, string question, DocumentSearch search, Sse sse, CancellationToken ct)
    {
        // Made only when the document does not fit the model's context.
        var passages = search.Semantic is null ? null : new Lazy<PassageSearch>(() => new PassageSearch(document, search.Semantic, ct));
        try { return await AskModel(model, document, question, passages, sse, ct); }
        finally { if (passages is { IsValueCreated: true }) passages.Value.Dispose(); }
    }

    static async Task<Answer> AskModel(SharedModel model, Document document, string question, Lazy<PassageSearch>? passages, Sse sse, CancellationToken ct)
    {
        using var turn = await model.EnterDocumentAsync(ct);
        var asker = new ModelAsker(await model.DocumentsAsync(ct), document) { AnswerTokens = model.DefaultMaxTokens, Search = passages };
        return await sse.StreamAnswerAsync(onText => asker.AskAsync(question, onText, null, ct), ct);
    }

    /// <summary>The text in word-sized deltas, as a model would stream it.</summary>
    public static IEnumerable<string> Pieces(string text)
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
