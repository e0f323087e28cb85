using System.Diagnostics;
using LongDoc.Service.Jobs;
using LongDoc.Service.Tests.Infrastructure;

namespace LongDoc.Service.Tests.Reliability;

/// <summary>SIGTERM (systemd's stop) while an extraction child runs: the child is killed and the job given back, never orphaned as running.</summary>
public sealed class SigtermTests
{
    [Fact]
    public void SigtermDuringExtraction_FifoInInput_ChildKilledJobQueuedAgain()
    {
        using var f = new WatchFolders();
        var pidFile = Path.Combine(f.Root, "child.pid");
        var script = f.Script("slow-extract", $"echo $$ > '{pidFile}'\nexec sleep 120\n");
        File.WriteAllText(Path.Combine(f.In, "a.md"), WatchFolders.Markdown(1));

        using var watch = new LongDocProcess(null, f.Args("--Extraction:InProcess=false", $"--Extraction:Command={script}"));
        watch.WaitUntil(() => File.Exists(pidFile) && File.ReadAllText(pidFile).EndsWith('\n'), TimeSpan.FromSeconds(60), "the extraction child running");
        var child = int.Parse(File.ReadAllText(pidFile));
        try
        {
            SpecialFiles.MakeFifo(Path.Combine(f.In, "f.txt"));
            Thread.Sleep(1500); // past StableSeconds: the watcher has looked at the FIFO (and must not be stuck in it)
            watch.Terminate();
            Assert.True(watch.WaitForExit(TimeSpan.FromSeconds(30)), "longdoc did not stop at SIGTERM");
            Assert.Equal(0, watch.ExitCode);
            Assert.False(SpecialFiles.IsRunning(child), $"the extraction child {child} was left running");
        }
        finally
        {
            if (SpecialFiles.IsRunning(child)) Process.GetProcessById(child).Kill();
        }
        var job = Assert.Single(f.Jobs());
        Assert.Equal((JobState.Queued, 0), (job.State, job.Attempts));
        Assert.True(File.Exists(Path.Combine(f.In, "a.md")));
    }
}
