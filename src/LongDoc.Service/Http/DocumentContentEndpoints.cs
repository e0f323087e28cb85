using LongDoc.Documents;
using Format = LongDoc.Documents.DocumentFormat;
using LongDoc.Service.Jobs;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace LongDoc.Service.Http;

/// <summary>
/// A processed document's parts, the caller's tenant's only (another tenant's id answers as a missing one):
/// GET /v1/documents/{id}/pages (page count, characters per page, the headings as an outline),
/// GET /v1/documents/{id}/pages/{n} (one page's text), GET /v1/documents/{id}/file (the original bytes, always as a
/// download that a browser neither renders nor sniffs), and DELETE /v1/documents/{id} (a done or failed document).
/// </summary>
public static class DocumentContentEndpoints
{
    /// <summary>Only a PDF is named as what it is (the web app renders it); every other original is opaque bytes.</summary>
    static readonly Dictionary<Format, string> ContentTypes = new() { [Format.Pdf] = "application/pdf" };

    const string OpaqueType = "application/octet-stream";

    public static void Map(IEndpointRouteBuilder app)
    {
        app.MapGet("/v1/documents/{id:long}/pages", Pages);
        app.MapGet("/v1/documents/{id:long}/pages/{n:int}", Page);
        app.MapGet("/v1/documents/{id:long}/file", Original);
        app.MapDelete("/v1/documents/{id:long}", Delete);
    }

    static async Task<IResult> Pages(long id, Tenant tenant, IJobStore store, UploadResults uploads, CancellationToken ct)
    {
        var (job, error) = await DoneAsync(id, tenant, store, uploads, ct);
        if (job is null) return error!;
        var document = await Task.Run(() => uploads.ReadDocument(id), ct);
        return Results.Json(new
        {
            id, name = job.Name, format = document.Format.ToString().ToLowerInvariant(), pageCount = document.PageCount,
            pages = document.Pages.Select(p => new { number = p.Number, characters = p.Text.Length }),
            outline = document.Blocks.Where(b => b.Kind == BlockKind.Heading).Select(b => new { level = b.Level, text = b.Text, page = b.FirstPage }),
        });
    }

    static async Task<IResult> Page(long id, int n, Tenant tenant, IJobStore store, UploadResults uploads, CancellationToken ct)
    {
        var (job, error) = await DoneAsync(id, tenant, store, uploads, ct);
        if (job is null) return error!;
        var document = await Task.Run(() => uploads.ReadDocument(id), ct);
        if (n < 1 || n > document.PageCount)
            return ApiError.Result(StatusCodes.Status404NotFound, $"document {id} ({job.Name}) has {document.PageCount} page(s); there is no page {n}", "not_found", "n");
        return Results.Json(new { id, number = n, text = document.Pages[n - 1].Text });
    }

    static async Task<IResult> Original(long id, Tenant tenant, HttpContext context, IJobStore store, UploadResults uploads, CancellationToken ct)
    {
        var (job, error) = await DoneAsync(id, tenant, store, uploads, ct);
        if (job is null) return error!;
        var path = uploads.OriginalPath(id);
        if (!File.Exists(path))
            return ApiError.Result(StatusCodes.Status404NotFound, $"the original of document {id} ({job.Name}) is not kept (it was processed before originals were)", "not_found");
        var document = await Task.Run(() => uploads.ReadDocument(id), ct);
        context.Response.Headers.XContentTypeOptions = "nosniff";
        context.Response.Headers.ContentSecurityPolicy = "sandbox; default-src 'none'";
        return Results.File(path, ContentTypes.GetValueOrDefault(document.Format, OpaqueType), job.Name);
    }

    static async Task<IResult> Delete(long id, Tenant tenant, IJobStore store, UploadResults uploads, CancellationToken ct)
    {
        if (await DocumentEndpoints.FindAsync(id, tenant, store, ct) is not { } job) return DocumentEndpoints.NotFound(id);
        if (!await store.DeleteAsync(id, ct))
            return ApiError.Result(StatusCodes.Status409Conflict,
                $"document {id} ({job.Name}) is {State(job)}; it can be deleted once it is done or failed", "not_ready");
        uploads.Forget(id);
        return Results.NoContent();
    }

    /// <summary>The job of a done document the tenant sees; else the answer: 404 (missing or another tenant's) or 409 (not done, with its reason).</summary>
    static async Task<(Job? Job, IResult? Error)> DoneAsync(long id, Tenant tenant, IJobStore store, UploadResults uploads, CancellationToken ct)
    {
        if (await DocumentEndpoints.FindAsync(id, tenant, store, ct) is not { } job) return (null, DocumentEndpoints.NotFound(id));
        if (job.State == JobState.Done) return (job, null);
        var reason = job.Error is null ? "" : ": " + uploads.Public(job.Error, job);
        return (null, ApiError.Result(StatusCodes.Status409Conflict, $"document {id} ({job.Name}) is {State(job)}, not done{reason}", "not_ready"));
    }

    static string State(Job job) => job.State.ToString().ToLowerInvariant();
}
