using LongDoc.Service.Jobs;
using LongDoc.Service.Tests.Infrastructure;

namespace LongDoc.Service.Tests.Reliability;

/// <summary>The output folder cannot be written (a file stands where it should be; root ignores chmod): a clear error, retried, nothing lost, no attempt charged.</summary>
public sealed class UnwritableOutputTests
{
    [Fact]
    public void OutputUnwritable_ErrorThenRetriedAfterRepair_ProcessedOnce()
    {
        using var f = new WatchFolders();
        Directory.Delete(f.Out);
        File.WriteAllText(f.Out, "not a folder");
        File.WriteAllText(Path.Combine(f.In, "a.md"), WatchFolders.Markdown(1));
        using var watch = new LongDocProcess(null, f.Args("--Extraction:InProcess=true", "--Jobs:MaxAttempts=1"));
        watch.WaitUntil(() => watch.Stderr.Contains("a.md: cannot write the results"), TimeSpan.FromSeconds(60), "the write error");
        Thread.Sleep(1500); // several retries fail while the folder is missing
        Assert.Equal(["a.md"], f.LeftInInput);

        File.Delete(f.Out);
        Directory.CreateDirectory(f.Out);
        watch.WaitUntil(() => f.Processed.Length == 1, TimeSpan.FromSeconds(60), "the file processed after the repair");
        watch.Kill9();
        Assert.Equal(["a.md.summary.md"], f.Summaries);
        var job = Assert.Single(f.Jobs());
        Assert.Equal((JobState.Done, 1), (job.State, job.Attempts));
    }
}
