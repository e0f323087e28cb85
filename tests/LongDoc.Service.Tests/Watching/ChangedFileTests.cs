using System.Security.Cryptography;
using System.Text;
using LongDoc.Service.Jobs;
using LongDoc.Service.Tests.Infrastructure;

namespace LongDoc.Service.Tests.Watching;

/// <summary>A file that changes after it was taken is read again and its results replaced; it never moves away unread.</summary>
public sealed class ChangedFileTests
{
    const string Half = "# Report 7\n\nFirst part of the report, written before the pause.\n";
    const string Rest = "\n## Closing OMEGA\n\nThe rest of the report, written after the pause.\n";

    static string Key(string content) => "sha256:" + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(content)));

    [Fact]
    public void WriterPausesPastStableSeconds_HalfReadThenRestWritten_WholeFileSummarizedThenMoved()
    {
        using var f = new WatchFolders();
        var read = Path.Combine(f.Root, "read");
        var go = Path.Combine(f.Root, "go");
        // The real extraction, which then waits for the test: the writer finishes while the half it read is still being processed.
        var script = f.Script("extract-then-wait",
            $"out=$(dotnet '{LongDocProcess.Dll}' \"$@\") || exit $?\ntouch '{read}'\nwhile [ ! -f '{go}' ]; do sleep 0.05; done\nprintf '%s\\n' \"$out\"\n");
        var doc = Path.Combine(f.In, "report.md");
        File.WriteAllText(doc, Half);

        using var watch = new LongDocProcess(null, f.Args("--Extraction:InProcess=false", $"--Extraction:Command={script}", "--Jobs:Workers=1"));
        watch.WaitUntil(() => File.Exists(read), TimeSpan.FromSeconds(60), "the first half read");
        File.AppendAllText(doc, Rest);
        File.WriteAllText(go, "");
        watch.WaitUntil(() => f.Processed.Length == 1, TimeSpan.FromSeconds(60), "report.md processed");
        watch.Kill9();

        Assert.Equal(Half + Rest, File.ReadAllText(Path.Combine(f.Out, "processed", "report.md")));
        Assert.Equal(["report.md.summary.md"], f.Summaries);
        Assert.Contains("The rest of the report, written after the pause.", File.ReadAllText(Path.Combine(f.Out, "report.md.summary.md")));
        Assert.Contains("OMEGA", File.ReadAllText(Path.Combine(f.Out, "report.md.longdoc.json")));
        var jobs = f.Jobs().OrderBy(j => j.Id).ToList();
        Assert.Equal([Key(Half), Key(Half + Rest)], jobs.Select(j => j.Key));
        Assert.All(jobs, j => Assert.Equal(JobState.Done, j.State));
        Assert.Contains("report.md: changed after it was read", watch.Stderr);
    }
}
