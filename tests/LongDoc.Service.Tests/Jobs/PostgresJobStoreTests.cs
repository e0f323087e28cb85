using LongDoc.Service.Jobs;
using LongDoc.Service.Tests.Infrastructure;

namespace LongDoc.Service.Tests.Jobs;

/// <summary>The same contract on a real PostgreSQL server (a throwaway cluster for this class).</summary>
public sealed class PostgresJobStoreTests(PostgresCluster cluster) : JobStoreContract, IClassFixture<PostgresCluster>
{
    readonly Dictionary<string, string> _shared = [];

    protected override async Task<IJobStore> NewStoreAsync(string? shared = null)
    {
        string connection;
        lock (_shared)
        {
            if (shared is null) connection = cluster.NewSchema();
            else if (!_shared.TryGetValue(shared, out connection!)) _shared[shared] = connection = cluster.NewSchema();
        }
        var store = new PostgresJobStore(connection, Clock);
        await store.InitializeAsync();
        return store;
    }

    [Fact]
    public async Task Initialize_StoreFromBeforeTenantsAndPhases_ColumnsAddedJobsOfDefaultTenant()
    {
        var connection = cluster.NewSchema();
        await using (var source = Npgsql.NpgsqlDataSource.Create(connection))
        await using (var cmd = source.CreateCommand(
            "CREATE TABLE jobs (id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY, key TEXT NOT NULL UNIQUE, kind TEXT NOT NULL, " +
            "name TEXT NOT NULL, source TEXT NOT NULL, state TEXT NOT NULL, attempts INT NOT NULL, max_attempts INT NOT NULL, " +
            "lease_owner TEXT, lease_until BIGINT, run_after BIGINT NOT NULL, error TEXT, result TEXT, created_at BIGINT NOT NULL, updated_at BIGINT NOT NULL);" +
            "INSERT INTO jobs (key, kind, name, source, state, attempts, max_attempts, run_after, created_at, updated_at) " +
            "VALUES ('sha256:old', 'upload', 'old.md', '/x/old.md', 'done', 1, 3, 0, 0, 0)"))
            await cmd.ExecuteNonQueryAsync();
        using var store = new PostgresJobStore(connection, Clock);
        await store.InitializeAsync();
        await store.InitializeAsync();
        Assert.Equal(NewJob.DefaultTenant, (await store.FindAsync("sha256:old"))!.Tenant);
        Assert.True((await store.EnqueueAsync(new NewJob("new", "upload", "n.md", "/x/n.md", Tenant: "beta"))).Created);
        var claimed = await store.ClaimAsync("w1", TimeSpan.FromMinutes(1));
        Assert.True(await store.ReportPhaseAsync(claimed!.Id, "w1", "reading"));
        Assert.Equal("reading", (await store.GetAsync(claimed.Id))!.Phase);
    }
}
