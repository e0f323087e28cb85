using System.Data.Common;

namespace LongDoc.Service.Jobs;

// The collections (ICollectionStore) in the same database and with the same helpers as the jobs.
public abstract partial class SqlJobStore
{
    public async Task<DocumentCollection> CreateCollectionAsync(string tenant, string name, CancellationToken ct = default)
    {
        await using var c = await OpenAsync(ct);
        return await ReadCollection(Command(c, null, CollectionSql.Insert, ("tenant", tenant), ("name", name), ("now", Now)), ct)
            ?? throw new InvalidOperationException($"job store ({_dialect.Name}): collection {name} not inserted");
    }

    public async Task<DocumentCollection?> GetCollectionAsync(long id, CancellationToken ct = default)
    {
        await using var c = await OpenAsync(ct);
        return await ReadCollection(Command(c, null, CollectionSql.ById, ("id", id)), ct);
    }

    public async Task<IReadOnlyList<DocumentCollection>> ListCollectionsAsync(string? tenant, CancellationToken ct = default)
    {
        await using var c = await OpenAsync(ct);
        await using var reader = await Command(c, null, CollectionSql.List, ("tenant", tenant)).ExecuteReaderAsync(ct);
        var list = new List<DocumentCollection>();
        while (await reader.ReadAsync(ct)) list.Add(Collection(reader));
        return list;
    }

    public async Task<bool> DeleteCollectionAsync(long id, CancellationToken ct = default)
    {
        await using var c = await OpenAsync(ct);
        await using var tx = await c.BeginTransactionAsync(ct);
        await Command(c, tx, CollectionSql.DeleteMembers, ("id", id)).ExecuteNonQueryAsync(ct);
        int deleted = await Command(c, tx, CollectionSql.Delete, ("id", id)).ExecuteNonQueryAsync(ct);
        await tx.CommitAsync(ct);
        return deleted == 1;
    }

    public async Task AddToCollectionAsync(long id, long jobId, CancellationToken ct = default) =>
        await Execute(CollectionSql.Add, ct, ("id", id), ("job", jobId), ("now", Now));

    public async Task RemoveFromCollectionAsync(long id, long jobId, CancellationToken ct = default) =>
        await Execute(CollectionSql.Remove, ct, ("id", id), ("job", jobId));

    public async Task<IReadOnlyList<Job>> CollectionDocumentsAsync(long id, CancellationToken ct = default)
    {
        await using var c = await OpenAsync(ct);
        await using var reader = await Command(c, null, CollectionSql.Members, ("id", id)).ExecuteReaderAsync(ct);
        var jobs = new List<Job>();
        while (await reader.ReadAsync(ct)) jobs.Add(Read(reader));
        return jobs;
    }

    static async Task<DocumentCollection?> ReadCollection(DbCommand cmd, CancellationToken ct)
    {
        await using var reader = await cmd.ExecuteReaderAsync(ct);
        return await reader.ReadAsync(ct) ? Collection(reader) : null;
    }

    static DocumentCollection Collection(DbDataReader r) =>
        new(Convert.ToInt64(r.GetValue(0)), r.GetString(1), r.GetString(2), Time(r.GetValue(3)));
}
