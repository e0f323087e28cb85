namespace LongDoc.Service.Jobs;

/// <summary>
/// The statements of the job store. SQLite and PostgreSQL share them (both take @name parameters and RETURNING);
/// a dialect differs only in its schema and in the row lock of the claim (<see cref="SqlDialect"/>).
/// Times are Unix milliseconds (BIGINT), states lower-case names of <see cref="JobState"/>.
/// </summary>
static class JobSql
{
    public const string Columns =
        "id, key, kind, name, source, state, attempts, max_attempts, lease_owner, lease_until, run_after, error, result, created_at, updated_at, tenant, phase";

    /// <summary>
    /// The insert, unless the key exists or the tenant already has @limit jobs queued: the count and the insert are one
    /// statement (SQLite takes its write lock before reading; PostgreSQL first takes the dialect's enqueue lock).
    /// </summary>
    public const string Insert =
        "INSERT INTO jobs (key, kind, name, source, tenant, state, attempts, max_attempts, run_after, created_at, updated_at) " +
        "SELECT @key, @kind, @name, @source, @tenant, 'queued', 0, @max, @now, @now, @now " +
        "WHERE (SELECT COUNT(*) FROM jobs WHERE state = 'queued' AND tenant = @tenant) < @limit " +
        "ON CONFLICT (key) DO NOTHING RETURNING " + Columns;

    public const string ByKey = "SELECT " + Columns + " FROM jobs WHERE key = @key";

    public const string ById = "SELECT " + Columns + " FROM jobs WHERE id = @id";

    /// <summary>A running job whose lease expired with no attempt left: its worker died or hung every time.</summary>
    public const string ParkExpired =
        "UPDATE jobs SET state = 'failed', lease_owner = NULL, lease_until = NULL, phase = NULL, updated_at = @now, " +
        "error = 'the worker (' || lease_owner || ') stopped without finishing, attempt ' || attempts || ' of ' || max_attempts || " +
        "'; last error: ' || COALESCE(error, 'none') " +
        "WHERE state = 'running' AND lease_until < @now AND attempts >= max_attempts";

    /// <summary>The claim: one UPDATE ... RETURNING. {0} is the dialect's row lock for the candidate select.</summary>
    public const string Claim =
        "UPDATE jobs SET state = 'running', attempts = attempts + 1, lease_owner = @worker, lease_until = @until, phase = NULL, updated_at = @now, " +
        "error = CASE WHEN state = 'running' THEN 'the lease of ' || lease_owner || ' expired (the worker stopped)' ELSE error END " +
        "WHERE id = (SELECT id FROM jobs WHERE (state = 'queued' AND run_after <= @now) OR (state = 'running' AND lease_until < @now) " +
        "ORDER BY run_after, id LIMIT 1 {0}) RETURNING " + Columns;

    const string Held = " WHERE id = @id AND lease_owner = @worker AND state = 'running'";

    public const string Heartbeat = "UPDATE jobs SET lease_until = @until, updated_at = @now" + Held;

    /// <summary>What the holder is doing now ("reading", "summarizing 2/5"); updated_at stays: a phase is no change of state.</summary>
    public const string Phase = "UPDATE jobs SET phase = @phase" + Held;

    public const string Complete =
        "UPDATE jobs SET state = 'done', result = @result, error = NULL, lease_owner = NULL, lease_until = NULL, phase = NULL, updated_at = @now" + Held;

    public const string Fail =
        "UPDATE jobs SET state = CASE WHEN @permanent = 1 OR attempts >= max_attempts THEN 'failed' ELSE 'queued' END, " +
        "error = @error, lease_owner = NULL, lease_until = NULL, phase = NULL, run_after = @after, updated_at = @now" + Held + " RETURNING state";

    public const string Defer =
        "UPDATE jobs SET state = 'queued', attempts = attempts - 1, error = @error, lease_owner = NULL, lease_until = NULL, phase = NULL, " +
        "run_after = @after, updated_at = @now" + Held;

    public const string List =
        "SELECT " + Columns + " FROM jobs WHERE (@kind IS NULL OR kind = @kind) AND (@tenant IS NULL OR tenant = @tenant) ORDER BY id DESC LIMIT @limit";

    /// <summary>A finished job (done or failed) removed; a queued or running one stays.</summary>
    public const string Delete = "DELETE FROM jobs WHERE id = @id AND state IN ('done', 'failed')";

    public const string Count = "SELECT state, COUNT(*) FROM jobs GROUP BY state";

    public const string CountByTenant = "SELECT tenant, state, COUNT(*) FROM jobs WHERE (@tenant IS NULL OR tenant = @tenant) GROUP BY tenant, state";

    /// <summary>
    /// Columns added after the first release, with the statement that adds each to an older store: before tenants, its
    /// jobs become the default tenant's; before phases, no job says its phase until it is claimed again.
    /// </summary>
    public static readonly (string Column, string Add)[] Migrations =
    [
        ("tenant", "ALTER TABLE jobs ADD COLUMN tenant TEXT NOT NULL DEFAULT 'default'"),
        ("phase", "ALTER TABLE jobs ADD COLUMN phase TEXT"),
    ];

    /// <summary>For a tenant's queue bound, list and counts.</summary>
    public const string TenantIndex = "CREATE INDEX IF NOT EXISTS jobs_tenant ON jobs (tenant, state)";
}
