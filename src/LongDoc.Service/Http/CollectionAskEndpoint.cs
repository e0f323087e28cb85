using System.Globalization;
using LongDoc.Service.Jobs;
using LongDoc.Tasks.Answers;
using LongDoc.Tasks.Collections;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Hosting;

namespace LongDoc.Service.Http;

/// <summary>
/// POST /v1/collections/{id}/ask {"question"}: the answer over the collection's done documents as server-sent events,
/// as /v1/documents/{id}/ask sends them (<see cref="AskEndpoint"/>): "answer" deltas, one "citations" event (mode,
/// found, citations each with its "document": {"id", "name"}, "documentsRead" with the pages read of each, "skipped":
/// the documents not done), then "done". The model when one is configured (<see cref="CollectionAsker"/>), else the
/// extractive answer (<see cref="CollectionAnswerer"/>, hybrid when the host gave an embedding model).
/// POST /v1/collections/{id}/summary: the collection's summary as JSON (<see cref="CollectionSummaryJson"/>, with the
/// collection's id and each document's id and status): the map step is each done document's stored summary, the
/// reduce the model's or extractive (<see cref="CollectionSummarizer"/>).
/// A collection without documents, or without done ones, is a 409.
/// </summary>
public static class CollectionAskEndpoint
{
    public static void Map(IEndpointRouteBuilder app)
    {
        app.MapPost("/v1/collections/{id:long}/ask", Ask);
        app.MapPost("/v1/collections/{id:long}/summary", Summary);
    }

    static async Task Ask(long id, AskEndpoint.AskRequest? body, Tenant tenant, HttpContext context, IJobStore store, UploadResults uploads,
        SharedModel model, DocumentSearch search, IHostApplicationLifetime life, CancellationToken ct)
    {
        var question = body?.Question?.Trim();
        if (string.IsNullOrEmpty(question)) throw ApiException.BadRequest("the body needs a non-empty \"question\"", "question");
        var (collection, done, skipped) = await DocumentsAsync(id, tenant, store, ct);
        var members = await Task.Run(() => done.Select(j => new CollectionMember(new DocumentRef(j.Id.ToString(CultureInfo.InvariantCulture), j.Name), uploads.ReadDocument(j.Id))).ToList(), ct);
        using var collectionSearch = await Task.Run(() => new CollectionSearch(members, search.Semantic, ct), ct);
        var sse = new Sse(context.Response);
        CollectionAnswer answer;
        if (model.Configured)
        {
            try { answer = await AskModel(model, collectionSearch, question, sse, ct); }
            catch (Exception e) when (e is not OperationCanceledException && context.Response.HasStarted)
            {
                await sse.SendAsync("error", new { error = new { message = $"collection {id} ({collection.Name}): {e.Message}", type = "model_error" } }, ct);
                return;
            }
        }
        else
        {
            answer = await Task.Run(() => new CollectionAnswerer(collectionSearch).Ask(question), ct);
            sse.Start();
            foreach (var piece in AskEndpoint.Pieces(answer.Text)) await sse.SendAsync("answer", new { delta = piece }, ct);
        }
        await sse.SendAsync("citations", new
        {
            collectionId = id, collection = collection.Name, mode = AnswerJson.Mode(answer.Mode), found = answer.Found,
            documentsRead = answer.Read.Select(r => new { id = Id(r.Document), name = r.Document.Name, pagesRead = r.Pages }),
            skipped = skipped.Select(j => new { id = j.Id, name = j.Name, status = j.State.ToString().ToLowerInvariant() }),
            citations = answer.Citations.Select(c => new
            {
                page = c.Citation.Page, lastPage = c.Citation.LastPage, section = c.Citation.Section, quote = c.Citation.Quote,
                verified = c.Citation.Verified, document = new { id = Id(c.Document), name = c.Document.Name },
            }),
        }, ct);
        await sse.RawAsync("done", "{}", ct);
        // As for one document: the first question ranked only each document's best candidates by meaning; embed the rest now.
        foreach (var member in members) _ = search.CompleteInBackground(member.Document, life.ApplicationStopping);
    }

    static async Task<CollectionAnswer> AskModel(SharedModel model, CollectionSearch search, string question, Sse sse, CancellationToken ct)
    {
        using var turn = await model.EnterDocumentAsync(ct);
        var asker = new CollectionAsker(await model.DocumentsAsync(ct), search) { AnswerTokens = model.DefaultMaxTokens };
        return await sse.StreamAnswerAsync(onText => asker.AskAsync(question, onText, null, ct), ct);
    }

    static async Task<IResult> Summary(long id, Tenant tenant, IJobStore store, SharedModel model, CancellationToken ct)
    {
        var (collection, done, _) = await DocumentsAsync(id, tenant, store, ct);
        var digests = done.Select(j => new DocumentDigest(new DocumentRef(j.Id.ToString(CultureInfo.InvariantCulture), j.Name), j.Result ?? "")).ToList();
        CollectionSummary summary;
        if (!model.Configured) summary = CollectionSummarizer.Extractive(collection.Name, digests);
        else
        {
            using var turn = await model.EnterDocumentAsync(ct);
            summary = await CollectionSummarizer.SummarizeAsync(await model.DocumentsAsync(ct), collection.Name, digests, model.DefaultMaxTokens, ct);
        }
        var json = CollectionSummaryJson.ToJson(summary);
        json["id"] = collection.Id;
        foreach (var (node, job) in json["documents"]!.AsArray().Zip(done))
        {
            node!["id"] = job.Id;
            node["status"] = job.State.ToString().ToLowerInvariant();
        }
        return Results.Content(json.ToJsonString(AnswerJson.Compact), "application/json");
    }

    /// <summary>The collection, its done documents and the others; a 404 for a collection the tenant does not see, a 409 when none is done.</summary>
    static async Task<(DocumentCollection Collection, IReadOnlyList<Job> Done, IReadOnlyList<Job> Skipped)> DocumentsAsync(long id, Tenant tenant, IJobStore store, CancellationToken ct)
    {
        var collection = await CollectionEndpoints.FindAsync(id, tenant, store, ct);
        var jobs = await store.CollectionDocumentsAsync(id, ct);
        if (jobs.Count == 0)
            throw new ApiException(StatusCodes.Status409Conflict, $"collection {id} ({collection.Name}) has no documents; add some with PUT /v1/collections/{id}/documents/{{docId}}", "empty_collection");
        var done = jobs.Where(j => j.State == JobState.Done).ToList();
        if (done.Count == 0)
            throw new ApiException(StatusCodes.Status409Conflict, $"collection {id} ({collection.Name}): none of its {jobs.Count} documents is done yet", "not_ready");
        return (collection, done, [.. jobs.Where(j => j.State != JobState.Done)]);
    }

    static long Id(DocumentRef document) => long.Parse(document.Id, CultureInfo.InvariantCulture);
}
