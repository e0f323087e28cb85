namespace LongDoc.Service.Jobs;

/// <summary>A tenant's named collection of documents (upload jobs); its documents stay when it is deleted.</summary>
public sealed record DocumentCollection(long Id, string Tenant, string Name, DateTimeOffset CreatedAt);

/// <summary>
/// The collections, kept in the job store's database beside the jobs (SQLite or PostgreSQL, tables
/// collections and collection_documents). Callers check tenants: the store keeps what it is given.
/// </summary>
public interface ICollectionStore
{
    Task<DocumentCollection> CreateCollectionAsync(string tenant, string name, CancellationToken ct = default);

    Task<DocumentCollection?> GetCollectionAsync(long id, CancellationToken ct = default);

    /// <summary>Oldest first; of one tenant, or of every tenant when <paramref name="tenant"/> is null.</summary>
    Task<IReadOnlyList<DocumentCollection>> ListCollectionsAsync(string? tenant, CancellationToken ct = default);

    /// <summary>Deletes the collection and its memberships (not the documents). False when there was none.</summary>
    Task<bool> DeleteCollectionAsync(long id, CancellationToken ct = default);

    /// <summary>Adds job <paramref name="jobId"/> to the collection; adding it again changes nothing.</summary>
    Task AddToCollectionAsync(long id, long jobId, CancellationToken ct = default);

    Task RemoveFromCollectionAsync(long id, long jobId, CancellationToken ct = default);

    /// <summary>The collection's jobs in the order they were added (a job no longer in the store is left out).</summary>
    Task<IReadOnlyList<Job>> CollectionDocumentsAsync(long id, CancellationToken ct = default);
}
