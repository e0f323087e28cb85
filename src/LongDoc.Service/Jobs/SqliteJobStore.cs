using System.Data.Common;
using Microsoft.Data.Sqlite;

namespace LongDoc.Service.Jobs;

/// <summary>
/// The embedded store: one SQLite file in WAL mode with synchronous=FULL, so a committed state change survives
/// a power cut, and readers never block the writer. Several processes on one machine may share the file.
/// </summary>
public sealed class SqliteJobStore : SqlJobStore
{
    readonly string _connectionString;

    public SqliteJobStore(string path, TimeProvider? clock = null) : base(SqlDialect.Sqlite, clock)
    {
        Path = System.IO.Path.GetFullPath(path);
        Directory.CreateDirectory(System.IO.Path.GetDirectoryName(Path)!);
        // A new database is created empty by us, readable by this user alone; SQLite gives its -wal and -shm files the same mode.
        if (!File.Exists(Path) && !OperatingSystem.IsWindows())
            new FileStream(Path, new FileStreamOptions { Mode = FileMode.OpenOrCreate, Access = FileAccess.Write, UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite }).Dispose();
        _connectionString = new SqliteConnectionStringBuilder { DataSource = Path, Pooling = true, DefaultTimeout = 30 }.ToString();
    }

    public string Path { get; }

    protected override async Task<DbConnection> OpenAsync(CancellationToken ct)
    {
        var c = new SqliteConnection(_connectionString);
        await c.OpenAsync(ct);
        using var pragma = c.CreateCommand();
        // busy_timeout: a second process writing waits for the lock instead of failing at once.
        pragma.CommandText = "PRAGMA journal_mode=WAL; PRAGMA synchronous=FULL; PRAGMA busy_timeout=30000;";
        await pragma.ExecuteNonQueryAsync(ct);
        return c;
    }

    public override void Dispose()
    {
        SqliteConnection.ClearAllPools();
        base.Dispose();
    }
}
