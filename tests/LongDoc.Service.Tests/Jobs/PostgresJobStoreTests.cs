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
}
