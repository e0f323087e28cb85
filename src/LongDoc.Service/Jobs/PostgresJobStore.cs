using System.Data.Common;
using Npgsql;

namespace LongDoc.Service.Jobs;

/// <summary>
/// The store for several workers on several machines: one PostgreSQL database; claims skip rows that another
/// worker is locking (FOR UPDATE SKIP LOCKED), so no job is claimed twice and no worker waits on another.
/// </summary>
public sealed class PostgresJobStore : SqlJobStore
{
    readonly NpgsqlDataSource _source;

    public PostgresJobStore(string connectionString, TimeProvider? clock = null) : base(SqlDialect.Postgres, clock)
    {
        _source = NpgsqlDataSource.Create(connectionString);
    }

    protected override async Task<DbConnection> OpenAsync(CancellationToken ct) => await _source.OpenConnectionAsync(ct);

    public override void Dispose()
    {
        _source.Dispose();
        base.Dispose();
    }
}
