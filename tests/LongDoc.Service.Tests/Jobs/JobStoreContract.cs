using LongDoc.Service.Jobs;
using LongDoc.Service.Tests.Infrastructure;

namespace LongDoc.Service.Tests.Jobs;

/// <summary>The behaviour every job store must have; run against SQLite and PostgreSQL by the subclasses.</summary>
public abstract class JobStoreContract
{
    protected readonly ManualClock Clock = new();
    static readonly TimeSpan Lease = TimeSpan.FromSeconds(30);

    /// <summary>A new, empty, initialized store on <see cref="Clock"/>; <paramref name="shared"/> names a database that several stores open.</summary>
    protected abstract Task<IJobStore> NewStoreAsync(string? shared = null);

    static NewJob Doc(string key, int maxAttempts = 3) => new(key, "test", key + ".pdf", "/in/" + key + ".pdf", maxAttempts);

    [Fact]
    public async Task Enqueue_SameKeyTwice_OneJobNotCreatedTheSecondTime()
    {
        using var store = await NewStoreAsync();
        var first = await store.EnqueueAsync(Doc("a"));
        var second = await store.EnqueueAsync(Doc("a") with { Name = "other.pdf" });
        Assert.True(first.Created);
        Assert.False(second.Created);
        Assert.Equal(first.Job.Id, second.Job.Id);
        Assert.Equal("a.pdf", second.Job.Name);
        Assert.Equal(1, (await store.CountAsync())[JobState.Queued]);
    }

    [Fact]
    public async Task Delete_QueuedThenDone_RefusedWhileQueuedRemovedWhenDone()
    {
        using var store = await NewStoreAsync();
        var id = (await store.EnqueueAsync(Doc("a"))).Job.Id;
        Assert.False(await store.DeleteAsync(id));
        await store.ClaimAsync("w1", Lease);
        Assert.False(await store.DeleteAsync(id));
        Assert.True(await store.CompleteAsync(id, "w1", "summary"));
        Assert.True(await store.DeleteAsync(id));
        Assert.Null(await store.GetAsync(id));
        Assert.False(await store.DeleteAsync(id));
    }

    [Fact]
    public async Task Claim_QueuedJob_RunningWithLeaseAndAttemptCounted()
    {
        using var store = await NewStoreAsync();
        await store.EnqueueAsync(Doc("a"));
        var job = await store.ClaimAsync("w1", Lease);
        Assert.NotNull(job);
        Assert.Equal(JobState.Running, job.State);
        Assert.Equal(1, job.Attempts);
        Assert.Equal("w1", job.LeaseOwner);
        Assert.Equal(Clock.GetUtcNow() + Lease, job.LeaseUntil);
        Assert.Null(await store.ClaimAsync("w2", Lease));
    }

    [Fact]
    public async Task ReportPhase_WhileHeld_ShownThenClearedWhenDone()
    {
        using var store = await NewStoreAsync();
        var id = (await store.EnqueueAsync(Doc("a"))).Job.Id;
        Assert.False(await store.ReportPhaseAsync(id, "w1", "reading"));
        Assert.Null((await store.ClaimAsync("w1", Lease))!.Phase);
        Assert.True(await store.ReportPhaseAsync(id, "w1", "reading"));
        Assert.True(await store.ReportPhaseAsync(id, "w1", "summarizing 2/5"));
        Assert.False(await store.ReportPhaseAsync(id, "w2", "<b>other</b>"));
        Assert.Equal("summarizing 2/5", (await store.GetAsync(id))!.Phase);
        Assert.Equal("summarizing 2/5", (await store.ListAsync(10)).Single().Phase);
        Assert.True(await store.CompleteAsync(id, "w1", "summary"));
        Assert.Null((await store.GetAsync(id))!.Phase);
    }

    [Fact]
    public async Task ReportPhase_FailedAttemptRequeuedAndReclaimed_StartsWithoutPhase()
    {
        using var store = await NewStoreAsync();
        var id = (await store.EnqueueAsync(Doc("a"))).Job.Id;
        await store.ClaimAsync("w1", Lease);
        await store.ReportPhaseAsync(id, "w1", "summarizing");
        Assert.Equal(JobState.Queued, await store.FailAsync(id, "w1", "broken", TimeSpan.Zero, permanent: false));
        Assert.Null((await store.GetAsync(id))!.Phase);
        Assert.False(await store.ReportPhaseAsync(id, "w1", "summarizing 1/2"));
        Assert.Null((await store.ClaimAsync("w2", Lease))!.Phase);
    }

    [Fact]
    public async Task Claim_OldestFirst_InQueueOrder()
    {
        using var store = await NewStoreAsync();
        foreach (var k in new[] { "a", "b", "c" }) await store.EnqueueAsync(Doc(k));
        var order = new List<string>();
        while (await store.ClaimAsync("w", Lease) is { } j) order.Add(j.Key);
        Assert.Equal(["a", "b", "c"], order);
    }

    [Fact]
    public async Task Claim_ExpiredLease_ReclaimedByAnotherWorkerWithReason()
    {
        using var store = await NewStoreAsync();
        await store.EnqueueAsync(Doc("a"));
        var first = await store.ClaimAsync("w1", Lease);
        Clock.Advance(Lease + TimeSpan.FromSeconds(1));
        var again = await store.ClaimAsync("w2", Lease);
        Assert.NotNull(again);
        Assert.Equal(first!.Id, again.Id);
        Assert.Equal(2, again.Attempts);
        Assert.Equal("w2", again.LeaseOwner);
        Assert.Contains("lease of w1 expired", again.Error);
        Assert.False(await store.CompleteAsync(first.Id, "w1", "late"));
    }

    [Fact]
    public async Task Heartbeat_RenewsLease_NotReclaimedPastTheFirstLease()
    {
        using var store = await NewStoreAsync();
        await store.EnqueueAsync(Doc("a"));
        var job = await store.ClaimAsync("w1", Lease);
        for (var i = 0; i < 4; i++)
        {
            Clock.Advance(Lease / 2);
            Assert.True(await store.HeartbeatAsync(job!.Id, "w1", Lease));
        }
        Assert.Null(await store.ClaimAsync("w2", Lease));
        Assert.True(await store.CompleteAsync(job!.Id, "w1", "summary"));
        var done = await store.GetAsync(job.Id);
        Assert.Equal(JobState.Done, done!.State);
        Assert.Equal("summary", done.Result);
    }

    [Fact]
    public async Task Heartbeat_AfterLeaseTakenOver_ReturnsFalse()
    {
        using var store = await NewStoreAsync();
        await store.EnqueueAsync(Doc("a"));
        var job = await store.ClaimAsync("w1", Lease);
        Clock.Advance(Lease * 2);
        await store.ClaimAsync("w2", Lease);
        Assert.False(await store.HeartbeatAsync(job!.Id, "w1", Lease));
    }

    [Fact]
    public async Task Fail_BelowMaxAttempts_RequeuedAfterDelay()
    {
        using var store = await NewStoreAsync();
        await store.EnqueueAsync(Doc("a"));
        var job = await store.ClaimAsync("w1", Lease);
        Assert.Equal(JobState.Queued, await store.FailAsync(job!.Id, "w1", "extraction timed out", TimeSpan.FromMinutes(1), permanent: false));
        Assert.Null(await store.ClaimAsync("w1", Lease));
        Clock.Advance(TimeSpan.FromMinutes(2));
        var retry = await store.ClaimAsync("w1", Lease);
        Assert.Equal(2, retry!.Attempts);
        Assert.Equal("extraction timed out", retry.Error);
    }

    [Fact]
    public async Task Fail_AtMaxAttempts_ParkedAsFailedWithReason()
    {
        using var store = await NewStoreAsync();
        await store.EnqueueAsync(Doc("a", maxAttempts: 2));
        for (var attempt = 1; attempt <= 2; attempt++)
        {
            var job = await store.ClaimAsync("w", Lease);
            var state = await store.FailAsync(job!.Id, "w", $"crash {attempt}", TimeSpan.Zero, permanent: false);
            Assert.Equal(attempt == 2 ? JobState.Failed : JobState.Queued, state);
        }
        var parked = await store.FindAsync("a");
        Assert.Equal(JobState.Failed, parked!.State);
        Assert.Equal("crash 2", parked.Error);
        Assert.Null(await store.ClaimAsync("w", Lease));
    }

    [Fact]
    public async Task Fail_Permanent_ParkedAtOnce()
    {
        using var store = await NewStoreAsync();
        await store.EnqueueAsync(Doc("a"));
        var job = await store.ClaimAsync("w", Lease);
        Assert.Equal(JobState.Failed, await store.FailAsync(job!.Id, "w", "not a PDF", TimeSpan.Zero, permanent: true));
    }

    [Fact]
    public async Task Claim_ExpiredAtMaxAttempts_ParkedNotReclaimed()
    {
        using var store = await NewStoreAsync();
        await store.EnqueueAsync(Doc("a", maxAttempts: 1));
        await store.ClaimAsync("w1", Lease);
        Clock.Advance(Lease * 2);
        Assert.Null(await store.ClaimAsync("w2", Lease));
        var parked = await store.FindAsync("a");
        Assert.Equal(JobState.Failed, parked!.State);
        Assert.Contains("w1", parked.Error);
        Assert.Contains("attempt 1 of 1", parked.Error);
    }

    [Fact]
    public async Task Defer_DoesNotChargeTheAttempt()
    {
        using var store = await NewStoreAsync();
        await store.EnqueueAsync(Doc("a", maxAttempts: 1));
        for (var i = 0; i < 3; i++)
        {
            var job = await store.ClaimAsync("w", Lease);
            Assert.Equal(1, job!.Attempts);
            Assert.True(await store.DeferAsync(job.Id, "w", "output folder not writable", TimeSpan.FromSeconds(5)));
            Clock.Advance(TimeSpan.FromSeconds(6));
        }
        Assert.Equal(JobState.Queued, (await store.FindAsync("a"))!.State);
    }

    [Fact]
    public async Task List_NewestFirstFilteredByKind()
    {
        using var store = await NewStoreAsync();
        await store.EnqueueAsync(Doc("a"));
        await store.EnqueueAsync(Doc("b") with { Kind = "other" });
        await store.EnqueueAsync(Doc("c"));
        Assert.Equal(["c", "a"], (await store.ListAsync(10, "test")).Select(j => j.Key));
        Assert.Equal(["c", "b"], (await store.ListAsync(2)).Select(j => j.Key));
    }

    [Fact]
    public async Task Claim_ManyWorkersAtOnce_EveryJobClaimedExactlyOnce()
    {
        const int jobs = 60, workers = 6;
        var name = "shared-" + Guid.NewGuid().ToString("N");
        using var setup = await NewStoreAsync(name);
        for (var i = 0; i < jobs; i++) await setup.EnqueueAsync(Doc($"k{i:D3}"));
        var stores = new List<IJobStore>();
        for (var w = 0; w < workers; w++) stores.Add(await NewStoreAsync(name));
        var claimed = await Task.WhenAll(stores.Select((s, w) => Task.Run(async () =>
        {
            var mine = new List<long>();
            while (await s.ClaimAsync($"w{w}", Lease) is { } j)
            {
                mine.Add(j.Id);
                Assert.True(await s.CompleteAsync(j.Id, $"w{w}", null));
            }
            return mine;
        })));
        foreach (var s in stores) s.Dispose();
        var all = claimed.SelectMany(c => c).ToList();
        Assert.Equal(jobs, all.Count);
        Assert.Equal(jobs, all.Distinct().Count());
        Assert.Equal(jobs, (await setup.CountAsync())[JobState.Done]);
    }

    [Fact]
    public async Task TryEnqueue_TenantQueueFull_RefusedWhileOtherTenantsAndKnownKeysPass()
    {
        using var store = await NewStoreAsync();
        for (var i = 0; i < 2; i++) Assert.NotNull(await store.TryEnqueueAsync(Doc($"a{i}") with { Tenant = "a" }, 2));
        Assert.Null(await store.TryEnqueueAsync(Doc("a2") with { Tenant = "a" }, 2));
        Assert.Null(await store.FindAsync("a2"));
        var known = await store.TryEnqueueAsync(Doc("a0") with { Tenant = "a" }, 2);
        Assert.False(known!.Created);
        Assert.True((await store.TryEnqueueAsync(Doc("b0") with { Tenant = "b" }, 2))!.Created);
        Assert.Equal("b", (await store.FindAsync("b0"))!.Tenant);
    }

    [Fact]
    public async Task TryEnqueue_ManyAtOnce_NeverMoreThanTheLimitQueued()
    {
        const int limit = 5, producers = 16;
        var name = "bounded-" + Guid.NewGuid().ToString("N");
        var stores = new List<IJobStore>();
        for (var p = 0; p < producers; p++) stores.Add(await NewStoreAsync(name));
        var results = await Task.WhenAll(stores.Select((s, p) => Task.Run(() => s.TryEnqueueAsync(Doc($"p{p}") with { Tenant = "t" }, limit))));
        Assert.Equal(limit, results.Count(r => r is { Created: true }));
        Assert.Equal(limit, (await stores[0].CountByTenantAsync("t"))["t"][JobState.Queued]);
        foreach (var s in stores) s.Dispose();
    }

    [Fact]
    public async Task ListAndCount_ByTenant_OnlyThatTenantsJobs()
    {
        using var store = await NewStoreAsync();
        await store.EnqueueAsync(Doc("a"));
        await store.EnqueueAsync(Doc("b") with { Tenant = "beta" });
        await store.EnqueueAsync(Doc("c") with { Tenant = "beta" });
        Assert.Equal(["c", "b"], (await store.ListAsync(10, "test", "beta")).Select(j => j.Key));
        Assert.Equal(["a"], (await store.ListAsync(10, null, NewJob.DefaultTenant)).Select(j => j.Key));
        var all = await store.CountByTenantAsync();
        Assert.Equal((1L, 2L), (all[NewJob.DefaultTenant][JobState.Queued], all["beta"][JobState.Queued]));
        var empty = await store.CountByTenantAsync("nobody");
        Assert.Equal(0, Assert.Single(empty).Value[JobState.Queued]);
    }
}
