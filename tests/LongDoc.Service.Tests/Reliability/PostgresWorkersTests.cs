using LongDoc.Service.Jobs;
using LongDoc.Service.Tests.Infrastructure;

namespace LongDoc.Service.Tests.Reliability;

/// <summary>Two `longdoc watch` processes on one folder and one PostgreSQL database: every job is claimed once.</summary>
public sealed class PostgresWorkersTests(PostgresCluster cluster) : IClassFixture<PostgresCluster>
{
    [Fact]
    public async Task TwoWorkersOneDatabase_NoJobClaimedTwice()
    {
        const int files = 40;
        var connection = cluster.NewSchema();
        using var f = new WatchFolders();
        for (var i = 0; i < files; i++) File.WriteAllText(Path.Combine(f.In, $"doc{i}.md"), WatchFolders.Markdown(i));
        var args = f.Args("--Extraction:InProcess=true", "--Jobs:Store=postgres", $"--Jobs:PostgresConnection={connection}", "--Jobs:LeaseSeconds=20");
        using var a = new LongDocProcess(null, [.. args, "--Jobs:WorkerId=a"]);
        using var b = new LongDocProcess(null, [.. args, "--Jobs:WorkerId=b"]);
        a.WaitUntil(() => f.Processed.Length == files && f.LeftInInput.Length == 0, TimeSpan.FromSeconds(120), "all files processed");
        Thread.Sleep(500);
        a.Kill9();
        b.Kill9();

        using var store = new PostgresJobStore(connection);
        var jobs = await store.ListAsync(1000);
        Assert.Equal(files, jobs.Count);
        Assert.All(jobs, j => Assert.Equal((JobState.Done, 1), (j.State, j.Attempts)));
        int Claims(LongDocProcess p) => p.Stderr.Split('\n').Count(l => l.Contains(": processing (attempt"));
        Assert.Equal(files, Claims(a) + Claims(b));
        Assert.Equal(files, f.Summaries.Length);
    }
}
