using LongDoc.Service.Jobs;
using LongDoc.Service.Tests.Infrastructure;
using LongDoc.Service.Watching;

namespace LongDoc.Service.Tests.Watching;

/// <summary>A FIFO or a socket in the input folder never blocks the watcher nor a worker: skipped, logged once, left alone.</summary>
public sealed class SpecialFileTests
{
    static int Count(string text, string part) => text.Split(part).Length - 1;

    [Fact]
    public void FifoAndSocketInInput_SkippedLoggedOnce_WatcherGoesOn()
    {
        using var f = new WatchFolders();
        var fifo = Path.Combine(f.In, "f.txt");
        SpecialFiles.MakeFifo(fifo);
        using var socket = SpecialFiles.MakeSocket(Path.Combine(f.In, "s.sock"));

        using var watch = new LongDocProcess(null, f.Args("--Extraction:InProcess=true"));
        // A watcher that opened the FIFO would wait for a writer here and never log it.
        watch.WaitUntil(() => watch.Stderr.Contains("f.txt: a FIFO"), TimeSpan.FromSeconds(60), "the FIFO skipped");
        File.WriteAllText(Path.Combine(f.In, "a.md"), WatchFolders.Markdown(1));
        watch.WaitUntil(() => f.Processed.Length == 1, TimeSpan.FromSeconds(60), "a.md, dropped after the FIFO, processed");
        Thread.Sleep(2500); // one more rescan (RescanSeconds=2): the FIFO and the socket are not logged again
        watch.Kill9();

        Assert.Equal(["a.md.summary.md"], f.Summaries);
        Assert.Single(f.Jobs());
        Assert.True(File.Exists(fifo));
        Assert.Equal(1, Count(watch.Stderr, "f.txt: a FIFO, not a regular file"));
        Assert.Equal(1, Count(watch.Stderr, "s.sock: a socket, not a regular file"));
    }

    [Fact]
    public async Task QueuedFileReplacedByFifo_FailedAtOnceNotExtracted_FifoLeftInPlace()
    {
        using var f = new WatchFolders();
        var fifo = Path.Combine(f.In, "f.txt");
        SpecialFiles.MakeFifo(fifo);
        // The job of a regular file taken earlier, whose path is now a FIFO (a swap after the take).
        Directory.CreateDirectory(f.State);
        using (var store = new SqliteJobStore(Path.Combine(f.State, "jobs.db")))
        {
            await store.InitializeAsync();
            await store.EnqueueAsync(new NewJob("sha256:" + new string('0', 64), FolderResults.JobKind, "f.txt", fifo));
        }
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();

        // A child extraction that opened the FIFO would wait for a writer until this 120 s limit.
        using var watch = new LongDocProcess(null, f.Args("--Extraction:InProcess=false", "--Extraction:TimeoutSeconds=120"));
        watch.WaitUntil(() => watch.Stderr.Contains("f.txt: a FIFO, not a regular file; never opened; not moved"), TimeSpan.FromSeconds(60), "the job parked");
        watch.Kill9();

        var job = Assert.Single(f.Jobs());
        Assert.Equal((JobState.Failed, 1, $"{fifo}: a FIFO, not a regular file; not read"), (job.State, job.Attempts, job.Error));
        Assert.True(File.Exists(fifo));
        Assert.True(File.Exists(Path.Combine(f.Out, "failed", "f.txt.error.txt")));
        Assert.False(File.Exists(Path.Combine(f.Out, "failed", "f.txt")));
    }
}
