using System.Security.Cryptography;
using LongDoc.Documents.Readers;
using LongDoc.Service.Jobs;
using LongDoc.Service.Processing;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Options;

namespace LongDoc.Service.Http;

/// <summary>
/// POST /v1/documents (multipart upload), GET /v1/documents, GET /v1/documents/{id}: each the caller's tenant's
/// (<see cref="Tenant"/>); another tenant's id answers as a missing one.
/// </summary>
public static class DocumentEndpoints
{
    public static void Map(IEndpointRouteBuilder app)
    {
        app.MapPost("/v1/documents", Upload);
        app.MapGet("/v1/documents", async (Tenant tenant, IJobStore store, UploadResults uploads, int? limit, CancellationToken ct) =>
            Results.Json(new { documents = (await store.ListAsync(Math.Clamp(limit ?? 100, 1, 10_000), UploadResults.JobKind, tenant.Filter, ct)).Select(j => uploads.View(j, false)) }));
        app.MapGet("/v1/documents/{id:long}", async (long id, Tenant tenant, IJobStore store, UploadResults uploads, CancellationToken ct) =>
            await FindAsync(id, tenant, store, ct) is { } job ? Results.Json(uploads.View(job, true)) : NotFound(id));
    }

    /// <summary>The upload job <paramref name="id"/> if <paramref name="tenant"/> may see it; null for a missing one and another tenant's alike.</summary>
    public static async Task<Job?> FindAsync(long id, Tenant tenant, IJobStore store, CancellationToken ct) =>
        await store.GetAsync(id, ct) is { Kind: UploadResults.JobKind } job && tenant.Sees(job) ? job : null;

    public static IResult NotFound(long id) => ApiError.Result(StatusCodes.Status404NotFound, $"no document {id}", "not_found");

    static async Task<IResult> Upload(HttpRequest request, Tenant tenant, IJobStore store, UploadResults uploads, JobSignal signal,
        IOptions<HttpOptions> http, IOptions<JobOptions> jobs, CancellationToken ct)
    {
        var o = http.Value;
        var (file, error) = await UploadForm.ReadAsync(request, o, ct);
        if (file is null) return error!;
        var bytes = new byte[file.Length];
        await using (var s = file.OpenReadStream()) await s.ReadExactlyAsync(bytes, ct);
        var name = UploadName.Display(file.FileName);
        if (FormatSniffer.Sniff(bytes, name, out var reason) is not { } format)
            return ApiError.Result(StatusCodes.Status415UnsupportedMediaType, $"{name}: {reason}", "unsupported_media_type");

        var sha = Convert.ToHexStringLower(SHA256.HashData(bytes));
        var key = UploadResults.Key(tenant.Name, sha);
        if (await store.FindAsync(key, ct) is { } known) return Results.Json(uploads.View(known, true));
        var path = uploads.NewUploadPath(tenant.Name, sha, format);
        Enqueued? queued;
        try
        {
            await AtomicFile.WritePrivateAsync(path, bytes, ct);
            queued = await store.TryEnqueueAsync(new NewJob(key, UploadResults.JobKind, name, path, jobs.Value.MaxAttempts, tenant.Name), o.MaxQueue, ct);
        }
        catch
        {
            UploadResults.Discard(path);
            throw;
        }
        if (queued is not { Created: true }) UploadResults.Discard(path);
        if (queued is null)
        {
            request.HttpContext.Response.Headers.RetryAfter = o.RetryAfterSeconds.ToString();
            return ApiError.Result(StatusCodes.Status429TooManyRequests, $"the queue is full ({o.MaxQueue} documents waiting); retry after {o.RetryAfterSeconds} s", "queue_full");
        }
        if (!queued.Created) return Results.Json(uploads.View(queued.Job, true));
        signal.Pulse();
        return Results.Json(uploads.View(queued.Job, false), statusCode: StatusCodes.Status202Accepted);
    }
}
