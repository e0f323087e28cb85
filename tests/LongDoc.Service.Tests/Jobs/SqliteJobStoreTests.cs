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

    public void Dispose()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        _dir.Delete(recursive: true);
    }
}
