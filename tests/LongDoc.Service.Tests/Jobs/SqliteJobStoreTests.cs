using LongDoc.Service.Jobs;

namespace LongDoc.Service.Tests.Jobs;

public sealed class SqliteJobStoreTests : JobStoreContract, IDisposable
{
    readonly DirectoryInfo _dir = Directory.CreateTempSubdirectory("longdoc-sqlite-");

    protected override async Task<IJobStore> NewStoreAsync(string? shared = null)
    {
        var store = new SqliteJobStore(Path.Combine(_dir.FullName, (shared ?? Guid.NewGuid().ToString("N")) + ".db"), Clock);
        await store.InitializeAsync();
        return store;
    }

    [Fact]
    public async Task Initialize_NewFile_WalJournal()
    {
        using var store = (SqliteJobStore)await NewStoreAsync();
        Assert.True(File.Exists(store.Path + "-wal") || File.Exists(store.Path));
        using var c = new Microsoft.Data.Sqlite.SqliteConnection($"Data Source={store.Path}");
        c.Open();
        using var cmd = c.CreateCommand();
        cmd.CommandText = "PRAGMA journal_mode";
        Assert.Equal("wal", cmd.ExecuteScalar());
    }

    [Fact]
    public async Task Initialize_StoreFromBeforeTenantsAndPhases_ColumnsAddedJobsOfDefaultTenant()
    {
        var path = Path.Combine(_dir.FullName, "old.db");
        using (var c = new Microsoft.Data.Sqlite.SqliteConnection($"Data Source={path}"))
        {
            c.Open();
            using var cmd = c.CreateCommand();
            cmd.CommandText =
                "CREATE TABLE jobs (id INTEGER PRIMARY KEY AUTOINCREMENT, key TEXT NOT NULL UNIQUE, kind TEXT NOT NULL, name TEXT NOT NULL, " +
                "source TEXT NOT NULL, state TEXT NOT NULL, attempts INTEGER NOT NULL, max_attempts INTEGER NOT NULL, lease_owner TEXT, " +
                "lease_until INTEGER, run_after INTEGER NOT NULL, error TEXT, result TEXT, created_at INTEGER NOT NULL, updated_at INTEGER NOT NULL);" +
                "INSERT INTO jobs (key, kind, name, source, state, attempts, max_attempts, run_after, created_at, updated_at) " +
                "VALUES ('sha256:old', 'upload', 'old.md', '/x/old.md', 'done', 1, 3, 0, 0, 0);";
            cmd.ExecuteNonQuery();
        }
        using var store = new SqliteJobStore(path, Clock);
        await store.InitializeAsync();
        await store.InitializeAsync();
        Assert.Equal(NewJob.DefaultTenant, (await store.FindAsync("sha256:old"))!.Tenant);
        Assert.True((await store.EnqueueAsync(new NewJob("new", "upload", "n.md", "/x/n.md", Tenant: "beta"))).Created);
        var claimed = await store.ClaimAsync("w1", TimeSpan.FromMinutes(1));
        Assert.True(await store.ReportPhaseAsync(claimed!.Id, "w1", "reading"));
        Assert.Equal("reading", (await store.GetAsync(claimed.Id))!.Phase);
    }

    [Fact]
    public void Create_NewDatabase_ReadableByTheOwnerAlone()
    {
        if (OperatingSystem.IsWindows()) return;
        using var store = new SqliteJobStore(Path.Combine(_dir.FullName, "private.db"), Clock);
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(store.Path));
    }

    public void Dispose()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        _dir.Delete(recursive: true);
    }
}
