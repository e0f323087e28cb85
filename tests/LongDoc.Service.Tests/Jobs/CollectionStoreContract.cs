using LongDoc.Service.Jobs;
using LongDoc.Service.Tests.Infrastructure;

namespace LongDoc.Service.Tests.Jobs;

/// <summary>What every store must do with collections; run against SQLite and PostgreSQL by the subclasses.</summary>
public abstract class CollectionStoreContract
{
    protected readonly ManualClock Clock = new();

    /// <summary>A new, empty, initialized store on <see cref="Clock"/>.</summary>
    protected abstract Task<IJobStore> NewStoreAsync();

    static async Task<long> Document(IJobStore store, string key, string tenant = NewJob.DefaultTenant) =>
        (await store.EnqueueAsync(new NewJob(key, "upload", key + ".md", "/in/" + key + ".md", Tenant: tenant))).Job.Id;

    [Fact]
    public async Task Create_TwoTenants_EachListsItsOwnAdminAll()
    {
        using var store = await NewStoreAsync();
        var a = await store.CreateCollectionAsync("alpha", "Contracts");
        var b = await store.CreateCollectionAsync("beta", "Contracts");
        Assert.NotEqual(a.Id, b.Id);
        Assert.Equal(("alpha", "Contracts", Clock.GetUtcNow()), (a.Tenant, a.Name, a.CreatedAt));
        Assert.Equal([a], await store.ListCollectionsAsync("alpha"));
        Assert.Equal([a, b], await store.ListCollectionsAsync(null));
        Assert.Equal(b, await store.GetCollectionAsync(b.Id));
    }

    [Fact]
    public async Task Add_SameDocumentTwice_OnceInAddedOrder()
    {
        using var store = await NewStoreAsync();
        var c = await store.CreateCollectionAsync("default", "Mixed");
        long first = await Document(store, "a"), second = await Document(store, "b");
        await store.AddToCollectionAsync(c.Id, second);
        Clock.Advance(TimeSpan.FromSeconds(1));
        await store.AddToCollectionAsync(c.Id, first);
        await store.AddToCollectionAsync(c.Id, second);
        Assert.Equal([second, first], (await store.CollectionDocumentsAsync(c.Id)).Select(j => j.Id));
        await store.RemoveFromCollectionAsync(c.Id, second);
        await store.RemoveFromCollectionAsync(c.Id, second);
        Assert.Equal([first], (await store.CollectionDocumentsAsync(c.Id)).Select(j => j.Id));
    }

    [Fact]
    public async Task Delete_Collection_GoneDocumentsKept()
    {
        using var store = await NewStoreAsync();
        var c = await store.CreateCollectionAsync("default", "Old");
        var doc = await Document(store, "a");
        await store.AddToCollectionAsync(c.Id, doc);
        Assert.True(await store.DeleteCollectionAsync(c.Id));
        Assert.False(await store.DeleteCollectionAsync(c.Id));
        Assert.Null(await store.GetCollectionAsync(c.Id));
        Assert.Empty(await store.CollectionDocumentsAsync(c.Id));
        Assert.NotNull(await store.GetAsync(doc));
    }

    /// <summary>A done document in a collection, deleted; the collection's id.</summary>
    protected static async Task<long> DeletedMember(IJobStore store)
    {
        var c = await store.CreateCollectionAsync("default", "Contracts");
        var doc = await Document(store, "a");
        await store.AddToCollectionAsync(c.Id, doc);
        Assert.Equal(doc, (await store.ClaimAsync("w1", TimeSpan.FromMinutes(1)))!.Id);
        Assert.True(await store.CompleteAsync(doc, "w1", "summary"));
        Assert.True(await store.DeleteAsync(doc));
        return c.Id;
    }

    [Fact]
    public async Task DeleteDocument_InCollection_NoLongerListed()
    {
        using var store = await NewStoreAsync();
        var collection = await DeletedMember(store);
        Assert.Empty(await store.CollectionDocumentsAsync(collection));
        await Document(store, "b");
        Assert.Empty(await store.CollectionDocumentsAsync(collection));
    }

    [Fact]
    public async Task Create_NameWithQuotesAndUnicode_StoredAsGiven()
    {
        using var store = await NewStoreAsync();
        const string name = "Robert'); DROP TABLE jobs;-- «Verträge» 合同";
        var c = await store.CreateCollectionAsync("default", name);
        Assert.Equal(name, (await store.GetCollectionAsync(c.Id))!.Name);
        Assert.Equal(0, (await store.CountAsync())[JobState.Queued]);
    }
}

public sealed class SqliteCollectionStoreTests : CollectionStoreContract, IDisposable
{
    readonly DirectoryInfo _dir = Directory.CreateTempSubdirectory("longdoc-sqlite-collections-");

    string? _last;

    protected override async Task<IJobStore> NewStoreAsync()
    {
        _last = Path.Combine(_dir.FullName, Guid.NewGuid().ToString("N") + ".db");
        var store = new SqliteJobStore(_last, Clock);
        await store.InitializeAsync();
        return store;
    }

    /// <summary>Deleting a document removes its membership rows, not only hides them behind the join.</summary>
    [Fact]
    public async Task DeleteDocument_InCollection_MembershipRowGone()
    {
        using var store = await NewStoreAsync();
        await DeletedMember(store);
        using var db = new Microsoft.Data.Sqlite.SqliteConnection($"Data Source={_last}");
        db.Open();
        using var count = db.CreateCommand();
        count.CommandText = "SELECT COUNT(*) FROM collection_documents";
        Assert.Equal(0L, (long)count.ExecuteScalar()!);
    }

    public void Dispose()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        _dir.Delete(recursive: true);
    }
}

public sealed class PostgresCollectionStoreTests(PostgresCluster cluster) : CollectionStoreContract, IClassFixture<PostgresCluster>
{
    protected override async Task<IJobStore> NewStoreAsync()
    {
        var store = new PostgresJobStore(cluster.NewSchema(), Clock);
        await store.InitializeAsync();
        return store;
    }
}
