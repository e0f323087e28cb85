namespace LongDoc.Service.Jobs;

/// <summary>What differs between the SQL databases the store runs on.</summary>
sealed record SqlDialect(string Name, string[] Schema, string ClaimLock)
{
    public static readonly SqlDialect Sqlite = new("SQLite",
    [
        "CREATE TABLE IF NOT EXISTS jobs (id INTEGER PRIMARY KEY AUTOINCREMENT, key TEXT NOT NULL UNIQUE, kind TEXT NOT NULL, " +
        "name TEXT NOT NULL, source TEXT NOT NULL, state TEXT NOT NULL, attempts INTEGER NOT NULL, max_attempts INTEGER NOT NULL, " +
        "lease_owner TEXT, lease_until INTEGER, run_after INTEGER NOT NULL, error TEXT, result TEXT, " +
        "created_at INTEGER NOT NULL, updated_at INTEGER NOT NULL)",
        "CREATE INDEX IF NOT EXISTS jobs_runnable ON jobs (state, run_after)",
    ],
    // SQLite has one writer at a time (BEGIN IMMEDIATE): the select inside the update cannot race.
    ClaimLock: "");

    public static readonly SqlDialect Postgres = new("PostgreSQL",
    [
        // Several workers may start at once: CREATE ... IF NOT EXISTS alone can still collide in the catalog.
        "SELECT pg_advisory_xact_lock(7390215)",
        "CREATE TABLE IF NOT EXISTS jobs (id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY, key TEXT NOT NULL UNIQUE, " +
        "kind TEXT NOT NULL, name TEXT NOT NULL, source TEXT NOT NULL, state TEXT NOT NULL, attempts INT NOT NULL, " +
        "max_attempts INT NOT NULL, lease_owner TEXT, lease_until BIGINT, run_after BIGINT NOT NULL, error TEXT, result TEXT, " +
        "created_at BIGINT NOT NULL, updated_at BIGINT NOT NULL)",
        "CREATE INDEX IF NOT EXISTS jobs_runnable ON jobs (state, run_after)",
    ],
    // Workers on several machines: each skips rows another is claiming instead of waiting for them.
    ClaimLock: "FOR UPDATE SKIP LOCKED");
}
