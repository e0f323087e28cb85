using LongDoc.Service.Jobs;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace LongDoc.Service.Http;

/// <summary>
/// Named collections of a tenant's documents: POST /v1/collections {"name"} (201), GET /v1/collections,
/// GET|DELETE /v1/collections/{id}, PUT|DELETE /v1/collections/{id}/documents/{docId} (204), and the questions and
/// summary of <see cref="CollectionAskEndpoint"/>. Another tenant's collection or document answers as a missing one
/// (404); a collection holds only documents of its own tenant, whoever adds them. Deleting a collection keeps its documents.
/// </summary>
public static class CollectionEndpoints
{
    /// <summary>Most characters of a collection's name.</summary>
    public const int MaxName = 200;

    public sealed record CreateRequest(string? Name);

    public static void Map(IEndpointRouteBuilder app)
    {
        app.MapPost("/v1/collections", Create);
        app.MapGet("/v1/collections", async (Tenant tenant, IJobStore store, CancellationToken ct) =>
        {
            var views = new List<object>();
            foreach (var c in await store.ListCollectionsAsync(tenant.Filter, ct)) views.Add(await ViewAsync(c, store, ct));
            return Results.Json(new { data = views });
        });
        app.MapGet("/v1/collections/{id:long}", async (long id, Tenant tenant, IJobStore store, CancellationToken ct) =>
            Results.Json(await ViewAsync(await FindAsync(id, tenant, store, ct), store, ct)));
        app.MapDelete("/v1/collections/{id:long}", async (long id, Tenant tenant, IJobStore store, CancellationToken ct) =>
        {
            await store.DeleteCollectionAsync((await FindAsync(id, tenant, store, ct)).Id, ct);
            return Results.NoContent();
        });
        app.MapPut("/v1/collections/{id:long}/documents/{docId:long}", async (long id, long docId, Tenant tenant, IJobStore store, CancellationToken ct) =>
        {
            var collection = await FindAsync(id, tenant, store, ct);
            // A document of another tenant (an admin's key sees it) would leak into the collection's answers: refused as missing.
            if (await DocumentEndpoints.FindAsync(docId, tenant, store, ct) is not { } job || job.Tenant != collection.Tenant)
                throw new ApiException(StatusCodes.Status404NotFound, $"no document {docId}", "not_found");
            await store.AddToCollectionAsync(collection.Id, job.Id, ct);
            return Results.NoContent();
        });
        app.MapDelete("/v1/collections/{id:long}/documents/{docId:long}", async (long id, long docId, Tenant tenant, IJobStore store, CancellationToken ct) =>
        {
            await store.RemoveFromCollectionAsync((await FindAsync(id, tenant, store, ct)).Id, docId, ct);
            return Results.NoContent();
        });
        CollectionAskEndpoint.Map(app);
    }

    static async Task<IResult> Create(CreateRequest? body, Tenant tenant, IJobStore store, CancellationToken ct)
    {
        var name = body?.Name?.Trim();
        if (string.IsNullOrEmpty(name)) throw ApiException.BadRequest("the body needs a non-empty \"name\"", "name");
        if (name.Length > MaxName) throw ApiException.BadRequest($"the name has {name.Length} characters; at most {MaxName}", "name");
        if (name.Any(char.IsControl)) throw ApiException.BadRequest("the name holds control characters (line breaks, tabs, ...)", "name");
        var collection = await store.CreateCollectionAsync(tenant.Name, name, ct);
        return Results.Json(await ViewAsync(collection, store, ct), statusCode: StatusCodes.Status201Created);
    }

    /// <summary>Collection <paramref name="id"/> if <paramref name="tenant"/> may see it; else a 404 <see cref="ApiException"/>, for a missing one and another tenant's alike.</summary>
    public static async Task<DocumentCollection> FindAsync(long id, Tenant tenant, IJobStore store, CancellationToken ct) =>
        await store.GetCollectionAsync(id, ct) is { } c && (tenant.Admin || c.Tenant == tenant.Name)
            ? c : throw new ApiException(StatusCodes.Status404NotFound, $"no collection {id}", "not_found");

    /// <summary>{"id", "name", "documents": [{"id", "name", "status"}]}.</summary>
    static async Task<object> ViewAsync(DocumentCollection collection, IJobStore store, CancellationToken ct) => new
    {
        id = collection.Id,
        name = collection.Name,
        documents = (await store.CollectionDocumentsAsync(collection.Id, ct)).Select(j => new { id = j.Id, name = j.Name, status = j.State.ToString().ToLowerInvariant() }),
    };
}
