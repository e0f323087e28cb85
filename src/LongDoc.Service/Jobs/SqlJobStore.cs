using System.Data;
using System.Data.Common;

namespace LongDoc.Service.Jobs;

/// <summary>
/// The job store over ADO.NET: the statements of <see cref="JobSql"/>, one short transaction per call, times
/// from <see cref="TimeProvider"/> (tests drive leases with a manual clock). Subclasses open connections. The
/// collections live in the same database (SqlJobStore.Collections.cs).
/// </summary>
public abstract partial class SqlJobStore : IJobStore
{
    readonly SqlDialect _dialect;
    readonly TimeProvider _clock;

    private protected SqlJobStore(SqlDialect dialect, TimeProvider? clock)
    {
        _dialect = dialect;
        _clock = clock ?? TimeProvider.System;
    }

    /// <summary>An open connection with the session settings applied.</summary>
    protected abstract Task<DbConnection> OpenAsync(CancellationToken ct);

    long Now => _clock.GetUtcNow().ToUnixTimeMilliseconds();

    public async Task InitializeAsync(CancellationToken ct = default)
    {
        await using var c = await OpenAsync(ct);
        await using var tx = await c.BeginTransactionAsync(ct);
        foreach (var statement in _dialect.Schema) await Command(c, tx, statement).ExecuteNonQueryAsync(ct);
        foreach (var (column, add) in JobSql.Migrations)
            if (Convert.ToInt64(await Command(c, tx, _dialect.HasColumn, ("column", column)).ExecuteScalarAsync(ct)) == 0)
                await Command(c, tx, add).ExecuteNonQueryAsync(ct);
        await Command(c, tx, JobSql.TenantIndex).ExecuteNonQueryAsync(ct);
        await tx.CommitAsync(ct);
    }

    public async Task<Enqueued> EnqueueAsync(NewJob job, CancellationToken ct = default) =>
        await TryEnqueueAsync(job, int.MaxValue, ct) ?? throw new InvalidOperationException($"job store ({_dialect.Name}): key {job.Key} neither inserted nor found");

    public async Task<Enqueued?> TryEnqueueAsync(NewJob job, int maxQueued, CancellationToken ct = default)
    {
        await using var c = await OpenAsync(ct);
        await using var tx = await c.BeginTransactionAsync(ct);
        if (_dialect.EnqueueLock.Length > 0) await Command(c, tx, _dialect.EnqueueLock, ("tenant", job.Tenant)).ExecuteNonQueryAsync(ct);
        var insert = Command(c, tx, JobSql.Insert, ("key", job.Key), ("kind", job.Kind), ("name", job.Name), ("source", job.Source),
            ("tenant", job.Tenant), ("max", job.MaxAttempts), ("now", Now), ("limit", (long)maxQueued));
        var created = await ReadOne(insert, ct);
        var existing = created is null ? await ReadOne(Command(c, tx, JobSql.ByKey, ("key", job.Key)), ct) : null;
        await tx.CommitAsync(ct);
        return created is not null ? new Enqueued(created, true) : existing is not null ? new Enqueued(existing, false) : null;
    }

    public async Task<Job?> ClaimAsync(string worker, TimeSpan lease, CancellationToken ct = default)
    {
        var now = Now;
        await using var c = await OpenAsync(ct);
        await using var tx = await c.BeginTransactionAsync(ct);
        await Command(c, tx, JobSql.ParkExpired, ("now", now)).ExecuteNonQueryAsync(ct);
        var claim = Command(c, tx, string.Format(JobSql.Claim, _dialect.ClaimLock),
            ("worker", worker), ("until", now + (long)lease.TotalMilliseconds), ("now", now));
        var job = await ReadOne(claim, ct);
        await tx.CommitAsync(ct);
        return job;
    }

    public async Task<bool> HeartbeatAsync(long id, string worker, TimeSpan lease, CancellationToken ct = default)
    {
        var now = Now;
        return await Execute(JobSql.Heartbeat, ct, ("id", id), ("worker", worker), ("until", now + (long)lease.TotalMilliseconds), ("now", now)) == 1;
    }

    public async Task<bool> ReportPhaseAsync(long id, string worker, string phase, CancellationToken ct = default) =>
        await Execute(JobSql.Phase, ct, ("id", id), ("worker", worker), ("phase", phase)) == 1;

    public async Task<bool> CompleteAsync(long id, string worker, string? result, CancellationToken ct = default) =>
        await Execute(JobSql.Complete, ct, ("id", id), ("worker", worker), ("result", result), ("now", Now)) == 1;

    public async Task<JobState?> FailAsync(long id, string worker, string reason, TimeSpan retryDelay, bool permanent, CancellationToken ct = default)
    {
        var now = Now;
        await using var c = await OpenAsync(ct);
        var cmd = Command(c, null, JobSql.Fail, ("id", id), ("worker", worker), ("error", reason), ("permanent", permanent ? 1 : 0),
            ("after", now + (long)retryDelay.TotalMilliseconds), ("now", now));
        var state = await cmd.ExecuteScalarAsync(ct);
        return state is string s ? ParseState(s) : null;
    }

    public async Task<bool> DeferAsync(long id, string worker, string reason, TimeSpan delay, CancellationToken ct = default)
    {
        var now = Now;
        return await Execute(JobSql.Defer, ct, ("id", id), ("worker", worker), ("error", reason), ("after", now + (long)delay.TotalMilliseconds), ("now", now)) == 1;
    }

    /// <summary>A done or failed job, and its place in every collection, in one transaction.</summary>
    public async Task<bool> DeleteAsync(long id, CancellationToken ct = default)
    {
        await using var c = await OpenAsync(ct);
        await using var tx = await c.BeginTransactionAsync(ct);
        bool deleted = await Command(c, tx, JobSql.Delete, ("id", id)).ExecuteNonQueryAsync(ct) == 1;
        if (deleted) await Command(c, tx, CollectionSql.RemoveEverywhere, ("job", id)).ExecuteNonQueryAsync(ct);
        await tx.CommitAsync(ct);
        return deleted;
    }

    public async Task<Job?> GetAsync(long id, CancellationToken ct = default)
    {
        await using var c = await OpenAsync(ct);
        return await ReadOne(Command(c, null, JobSql.ById, ("id", id)), ct);
    }

    public async Task<Job?> FindAsync(string key, CancellationToken ct = default)
    {
        await using var c = await OpenAsync(ct);
        return await ReadOne(Command(c, null, JobSql.ByKey, ("key", key)), ct);
    }

    public async Task<IReadOnlyList<Job>> ListAsync(int limit, string? kind = null, string? tenant = null, CancellationToken ct = default)
    {
        await using var c = await OpenAsync(ct);
        await using var reader = await Command(c, null, JobSql.List, ("kind", kind), ("tenant", tenant), ("limit", limit)).ExecuteReaderAsync(ct);
        var jobs = new List<Job>();
        while (await reader.ReadAsync(ct)) jobs.Add(Read(reader));
        return jobs;
    }

    public async Task<IReadOnlyDictionary<JobState, long>> CountAsync(CancellationToken ct = default)
    {
        var counts = NoJobs();
        await using var c = await OpenAsync(ct);
        await using var reader = await Command(c, null, JobSql.Count).ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct)) counts[ParseState(reader.GetString(0))] = Convert.ToInt64(reader.GetValue(1));
        return counts;
    }

    public async Task<IReadOnlyDictionary<string, IReadOnlyDictionary<JobState, long>>> CountByTenantAsync(string? tenant = null, CancellationToken ct = default)
    {
        var counts = new SortedDictionary<string, Dictionary<JobState, long>>(StringComparer.Ordinal);
        if (tenant is not null) counts[tenant] = NoJobs();
        await using var c = await OpenAsync(ct);
        await using var reader = await Command(c, null, JobSql.CountByTenant, ("tenant", tenant)).ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct))
        {
            var name = reader.GetString(0);
            if (!counts.TryGetValue(name, out var states)) counts[name] = states = NoJobs();
            states[ParseState(reader.GetString(1))] = Convert.ToInt64(reader.GetValue(2));
        }
        return counts.ToDictionary(kv => kv.Key, kv => (IReadOnlyDictionary<JobState, long>)kv.Value);
    }

    static Dictionary<JobState, long> NoJobs() => Enum.GetValues<JobState>().ToDictionary(s => s, _ => 0L);

    public virtual void Dispose() => GC.SuppressFinalize(this);

    async Task<int> Execute(string sql, CancellationToken ct, params (string, object?)[] args)
    {
        await using var c = await OpenAsync(ct);
        return await Command(c, null, sql, args).ExecuteNonQueryAsync(ct);
    }

    static DbCommand Command(DbConnection c, DbTransaction? tx, string sql, params (string Name, object? Value)[] args)
    {
        var cmd = c.CreateCommand();
        cmd.CommandText = sql;
        cmd.Transaction = tx;
        foreach (var (name, value) in args)
        {
            var p = cmd.CreateParameter();
            p.ParameterName = name;
            p.Value = value ?? DBNull.Value;
            // A NULL needs a type for PostgreSQL to infer the parameter's; every nullable argument here is text.
            p.DbType = value switch { long => DbType.Int64, int => DbType.Int32, _ => DbType.String };
            cmd.Parameters.Add(p);
        }
        return cmd;
    }

    static async Task<Job?> ReadOne(DbCommand cmd, CancellationToken ct)
    {
        await using var reader = await cmd.ExecuteReaderAsync(ct);
        return await reader.ReadAsync(ct) ? Read(reader) : null;
    }

    static Job Read(DbDataReader r) => new(
        Id: Convert.ToInt64(r.GetValue(0)), Key: r.GetString(1), Kind: r.GetString(2), Name: r.GetString(3), Source: r.GetString(4),
        State: ParseState(r.GetString(5)), Attempts: Convert.ToInt32(r.GetValue(6)), MaxAttempts: Convert.ToInt32(r.GetValue(7)),
        LeaseOwner: r.IsDBNull(8) ? null : r.GetString(8), LeaseUntil: r.IsDBNull(9) ? null : Time(r.GetValue(9)),
        RunAfter: Time(r.GetValue(10)), Error: r.IsDBNull(11) ? null : r.GetString(11), Result: r.IsDBNull(12) ? null : r.GetString(12),
        CreatedAt: Time(r.GetValue(13)), UpdatedAt: Time(r.GetValue(14)), Tenant: r.GetString(15),
        Phase: r.IsDBNull(16) ? null : r.GetString(16));

    static DateTimeOffset Time(object ms) => DateTimeOffset.FromUnixTimeMilliseconds(Convert.ToInt64(ms));

    static JobState ParseState(string s) => Enum.Parse<JobState>(s, ignoreCase: true);
}
