using LongDoc.Service.Jobs;
using LongDoc.Service.Processing;
using LongDoc.Service.Tests.Infrastructure;

namespace LongDoc.Service.Tests.Reliability;

/// <summary>
/// `kill -9` of a real `longdoc watch` at a named point of a job's life, then a restart on the same folders:
/// every file ends processed exactly once, each output present once, no temp file left, nothing left behind.
/// One class per point, so that xunit runs them side by side.
/// </summary>
public abstract class CrashRecoveryTests(string point, bool inProcess, int attemptsOfFirst)
{
    [Fact]
    public void KillDuring_Restart_EveryFileOnceNothingLost()
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

/// <summary>The extraction child is running (a real child: it is orphaned by the kill).</summary>
public sealed class KillDuringExtractionTests() : CrashRecoveryTests(FaultPoints.Extract, inProcess: false, attemptsOfFirst: 2);

/// <summary>The document is read; the summary is being generated.</summary>
public sealed class KillDuringGenerationTests() : CrashRecoveryTests(FaultPoints.Generate, inProcess: true, attemptsOfFirst: 2);

/// <summary>The outputs are renamed into place; the store does not yet say done.</summary>
public sealed class KillDuringCommitTests() : CrashRecoveryTests(FaultPoints.Commit, inProcess: true, attemptsOfFirst: 2);

/// <summary>The store says done; the original is not yet moved (the restart moves it, without processing it again).</summary>
public sealed class KillDuringMoveTests() : CrashRecoveryTests(FaultPoints.Move, inProcess: true, attemptsOfFirst: 1);
