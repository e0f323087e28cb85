using LongDoc.Service.Jobs;
using LongDoc.Service.Processing;
using LongDoc.Service.Tests.Infrastructure;

namespace LongDoc.Service.Tests.Reliability;

/// <summary>
/// `kill -9` of a real `longdoc watch` at a named point of a job's life, then a restart on the same folders:
/// every file ends processed exactly once, each output present once, no temp file left, nothing left behind.
/// </summary>
public sealed class CrashRecoveryTests
{
    [Theory]
    [InlineData(FaultPoints.Extract, false, 2)]   // the extraction child is running
    [InlineData(FaultPoints.Generate, true, 2)]   // the summary is being generated
    [InlineData(FaultPoints.Commit, true, 2)]     // outputs renamed into place, the store not yet told
    [InlineData(FaultPoints.Move, true, 1)]       // the store says done, the original not yet moved
    public void KillDuring_Restart_EveryFileOnceNothingLost(string point, bool inProcess, int attemptsOfFirst)
    {
        using var f = new WatchFolders();
        File.WriteAllText(Path.Combine(f.In, "a.md"), WatchFolders.Markdown(1));
        Directory.CreateDirectory(Path.Combine(f.In, "sub"));
        File.WriteAllText(Path.Combine(f.In, "sub", "b.md"), WatchFolders.Markdown(2));
        var marker = Path.Combine(f.Root, "paused");
        var args = f.Args(inProcess ? "--Extraction:InProcess=true" : "--Extraction:InProcess=false");

        using (var first = new LongDocProcess(new Dictionary<string, string> { ["LONGDOC_PAUSE_AT"] = point, ["LONGDOC_PAUSE_MARKER"] = marker }, args))
        {
            first.WaitUntil(() => File.Exists(marker), TimeSpan.FromSeconds(60), $"the {point} point");
            first.Kill9();
        }
        using var second = new LongDocProcess(null, args);
        second.WaitUntil(() => f.Processed.Length == 2 && f.LeftInInput.Length == 0, TimeSpan.FromSeconds(60), "both files processed");

        Assert.Equal(["a.md.summary.md", Path.Combine("sub", "b.md.summary.md")], f.Summaries);
        Assert.Equal(2, f.Files(f.Out, "*.longdoc.json").Length);
        Assert.Empty(f.TempFiles);
        Assert.Equal(["a.md", Path.Combine("sub", "b.md")], f.Processed);
        second.Kill9();
        var jobs = f.Jobs().OrderBy(j => j.Id).ToList();
        Assert.All(jobs, j => Assert.Equal(JobState.Done, j.State));
        Assert.Equal([attemptsOfFirst, 1], jobs.Select(j => j.Attempts));
        Assert.Contains("# Summary: Report 1", File.ReadAllText(Path.Combine(f.Out, "a.md.summary.md")));
    }
}
