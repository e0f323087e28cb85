using System.Security.Cryptography;
using LongDoc.Documents.Readers;
using LongDoc.Service.Jobs;
using LongDoc.Service.Processing;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Options;

namespace LongDoc.Service.Http;

/// <summary>POST /v1/documents (multipart upload), GET /v1/documents, GET /v1/documents/{id}.</summary>
public static class DocumentEndpoints
{
    public static void Map(IEndpointRouteBuilder app)
    {
        app.MapPost("/v1/documents", Upload);
        app.MapGet("/v1/documents", async (IJobStore store, int? limit, CancellationToken ct) =>
            Results.Json(new { documents = (await store.ListAsync(Math.Clamp(limit ?? 100, 1, 10_000), UploadResults.JobKind, ct)).Select(j => DocumentView.Of(j, false)) }));
        app.MapGet("/v1/documents/{id:long}", async (long id, IJobStore store, CancellationToken ct) =>
            await store.GetAsync(id, ct) is { Kind: UploadResults.JobKind } job
                ? Results.Json(DocumentView.Of(job, true))
                : ApiError.Result(StatusCodes.Status404NotFound, $"no document {id}", "not_found"));
    }

    static async Task<IResult> Upload(HttpRequest request, IJobStore store, UploadResults uploads, JobSignal signal,
        IOptions<HttpOptions> http, IOptions<JobOptions> jobs, CancellationToken ct)
    {
        var o = http.Value;
        long limit = (long)o.MaxUploadMb << 20;
        if (!request.HasFormContentType)
            return ApiError.Result(StatusCodes.Status400BadRequest, "send multipart/form-data with the document in a field named 'file'", "invalid_request");
        if (request.ContentLength > limit + (1 << 20)) return TooLarge(o);
        IFormCollection form;
        try { form = await request.ReadFormAsync(ct); }
        catch (BadHttpRequestException e) { return ApiError.Result(e.StatusCode, e.Message, e.StatusCode == 413 ? "too_large" : "invalid_request"); }
        catch (InvalidDataException) { return TooLarge(o); }
        var file = form.Files["file"] ?? form.Files.FirstOrDefault();
        if (file is null) return ApiError.Result(StatusCodes.Status400BadRequest, "no file in the form (field 'file')", "invalid_request");
        if (file.Length > limit) return TooLarge(o);

        var bytes = new byte[file.Length];
        await using (var s = file.OpenReadStream()) await s.ReadExactlyAsync(bytes, ct);
        var name = Path.GetFileName(file.FileName) is { Length: > 0 } given ? given : "document";
        if (FormatSniffer.Sniff(bytes, name, out var reason) is null)
            return ApiError.Result(StatusCodes.Status415UnsupportedMediaType, $"{name}: {reason}", "unsupported_media_type");

        var sha = Convert.ToHexStringLower(SHA256.HashData(bytes));
        var key = "sha256:" + sha;
        if (await store.FindAsync(key, ct) is { } known) return Results.Json(DocumentView.Of(known, true));
        if ((await store.CountAsync(ct))[JobState.Queued] >= o.MaxQueue)
        {
            request.HttpContext.Response.Headers.RetryAfter = o.RetryAfterSeconds.ToString();
            return ApiError.Result(StatusCodes.Status429TooManyRequests, $"the queue is full ({o.MaxQueue} documents waiting); retry after {o.RetryAfterSeconds} s", "queue_full");
        }
        await AtomicFile.WriteAsync(uploads.UploadPath(sha, name), bytes, ct);
        var queued = await store.EnqueueAsync(new NewJob(key, UploadResults.JobKind, name, uploads.UploadPath(sha, name), jobs.Value.MaxAttempts), ct);
        signal.Pulse();
        return queued.Created
            ? Results.Json(DocumentView.Of(queued.Job, false), statusCode: StatusCodes.Status202Accepted)
            : Results.Json(DocumentView.Of(queued.Job, true));
    }

    static IResult TooLarge(HttpOptions o) =>
        ApiError.Result(StatusCodes.Status413PayloadTooLarge, $"the document is larger than Http:MaxUploadMb ({o.MaxUploadMb} MB)", "too_large");
}
