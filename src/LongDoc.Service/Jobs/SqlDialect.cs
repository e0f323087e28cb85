namespace LongDoc.Service.Jobs;

/// <summary>
/// What differs between the SQL databases the store runs on: the schema, how to ask whether a column exists (for
/// migrating an older store), the row lock of the claim, and the lock that serializes a tenant's bounded enqueues.
/// </summary>
sealed record SqlDialect(string Name, string[] Schema, string HasColumn, string ClaimLock, string EnqueueLock)
{
    public static readonly SqlDialect Sqlite = new("SQLite",
    [
        "CREATE TABLE IF NOT EXISTS jobs (id INTEGER PRIMARY KEY AUTOINCREMENT, key TEXT NOT NULL UNIQUE, kind TEXT NOT NULL, " +
        "name TEXT NOT NULL, source TEXT NOT NULL, state TEXT NOT NULL, attempts INTEGER NOT NULL, max_attempts INTEGER NOT NULL, " +
        "lease_owner TEXT, lease_until INTEGER, run_after INTEGER NOT NULL, error TEXT, result TEXT, " +
        "created_at INTEGER NOT NULL, updated_at INTEGER NOT NULL, tenant TEXT NOT NULL DEFAULT 'default', phase TEXT)",
        "CREATE INDEX IF NOT EXISTS jobs_runnable ON jobs (state, run_after)",
        "CREATE TABLE IF NOT EXISTS collections (id INTEGER PRIMARY KEY AUTOINCREMENT, tenant TEXT NOT NULL, name TEXT NOT NULL, created_at INTEGER NOT NULL)",
        "CREATE TABLE IF NOT EXISTS collection_documents (collection_id INTEGER NOT NULL, job_id INTEGER NOT NULL, added_at INTEGER NOT NULL, " +
        "PRIMARY KEY (collection_id, job_id))",
    ],
    HasColumn: "SELECT COUNT(*) FROM pragma_table_info('jobs') WHERE name = @column",
    // SQLite has one writer at a time (BEGIN IMMEDIATE): the select inside the update cannot race.
    ClaimLock: "",
    // The transaction is BEGIN IMMEDIATE: it already holds the only write lock.
    EnqueueLock: "");

    public static readonly SqlDialect Postgres = new("PostgreSQL",
    [
        // Several workers may start at once: CREATE ... IF NOT EXISTS alone can still collide in the catalog.
        "SELECT pg_advisory_xact_lock(7390215)",
        "CREATE TABLE IF NOT EXISTS jobs (id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY, key TEXT NOT NULL UNIQUE, " +
        "kind TEXT NOT NULL, name TEXT NOT NULL, source TEXT NOT NULL, state TEXT NOT NULL, attempts INT NOT NULL, " +
        "max_attempts INT NOT NULL, lease_owner TEXT, lease_until BIGINT, run_after BIGINT NOT NULL, error TEXT, result TEXT, " +
        "created_at BIGINT NOT NULL, updated_at BIGINT NOT NULL, tenant TEXT NOT NULL DEFAULT 'default', phase TEXT)",
        "CREATE INDEX IF NOT EXISTS jobs_runnable ON jobs (state, run_after)",
        "CREATE TABLE IF NOT EXISTS collections (id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY, tenant TEXT NOT NULL, " +
        "name TEXT NOT NULL, created_at BIGINT NOT NULL)",
        "CREATE TABLE IF NOT EXISTS collection_documents (collection_id BIGINT NOT NULL, job_id BIGINT NOT NULL, added_at BIGINT NOT NULL, " +
        "PRIMARY KEY (collection_id, job_id))",
    ],
    HasColumn: "SELECT COUNT(*) FROM information_schema.columns WHERE table_schema = current_schema() AND table_name = 'jobs' AND column_name = @column",
    // Workers on several machines: each skips rows another is claiming instead of waiting for them.
    ClaimLock: "FOR UPDATE SKIP LOCKED",
    // Read committed lets two inserts count the same queue; one lock per tenant makes the count and insert a unit.
    EnqueueLock: "SELECT pg_advisory_xact_lock(7390216, hashtext(@tenant))");
}
