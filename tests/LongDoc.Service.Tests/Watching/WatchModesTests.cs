using LongDoc.Service.Jobs;
using LongDoc.Service.Processing;
using LongDoc.Service.Tests.Infrastructure;

namespace LongDoc.Service.Tests.Watching;

/// <summary>A real `longdoc watch`: files dropped after start are found by inotify alone, or by polling alone.</summary>
public sealed class WatchModesTests
{
    [Theory]
    [InlineData(false)] // inotify: the rescan is 10 minutes away, so only an event can find the file in time
    [InlineData(true)]  // polling: no inotify watch at all (network shares)
    public void DropAfterStart_FoundAndProcessed(bool polling)
    {
        using var f = new WatchFolders();
        string[] mode = polling ? ["--poll", "--Watch:PollSeconds=0.5"] : [];
        using var watch = new LongDocProcess(null, f.Args(["--Extraction:InProcess=true", "--Watch:RescanSeconds=600", .. mode]));
        watch.WaitUntil(() => watch.Stderr.Contains(polling ? "polling every 0.5 s" : "inotify + rescan"), TimeSpan.FromSeconds(60), "the watcher started");
        Thread.Sleep(500); // past the start-up scan
        Directory.CreateDirectory(Path.Combine(f.In, "later"));
        File.WriteAllText(Path.Combine(f.In, "later", "note.md"), WatchFolders.Markdown(5));
        watch.WaitUntil(() => f.Processed.Length == 1, TimeSpan.FromSeconds(30), "the dropped file processed");
        Assert.Equal([Path.Combine("later", "note.md.summary.md")], f.Summaries);
    }
}

/// <summary>Work longer than a lease keeps its claim: the worker's heartbeats renew the lease while the child runs.</summary>
public sealed class HeartbeatTests
{
    [Fact]
    public async Task ExtractionLongerThanLease_HeartbeatsKeepTheClaim_OneAttempt()
    {
        using var f = new WatchFolders();
        var source = Path.Combine(f.Root, "source.md");
        File.WriteAllText(source, WatchFolders.Markdown(9));
        var json = Path.Combine(f.Root, "doc.json");
        File.WriteAllText(json, await new InProcessExtractor(new ExtractionOptions()).ExtractJsonAsync(source, new PhaseRecorder(), default));
        // A stand-in for a slow extraction: 4 s, four times the lease, then the real document's JSON.
        var script = Path.Combine(f.Root, "slow-extract");
        File.WriteAllText(script, $"#!/bin/sh\nsleep 4\ncat '{json}'\n");
        if (!OperatingSystem.IsWindows()) File.SetUnixFileMode(script, UnixFileMode.UserRead | UnixFileMode.UserExecute);
        File.Copy(source, Path.Combine(f.In, "slow.md"));

        using var watch = new LongDocProcess(null, f.Args("--Extraction:InProcess=false", $"--Extraction:Command={script}", "--Jobs:LeaseSeconds=1", "--Jobs:Workers=2"));
        watch.WaitUntil(() => f.Processed.Length == 1, TimeSpan.FromSeconds(60), "the slow file processed");
        watch.Kill9();
        var job = Assert.Single(f.Jobs());
        Assert.Equal((JobState.Done, 1), (job.State, job.Attempts));
        Assert.DoesNotContain("lease lost", watch.Stderr);
    }
}
