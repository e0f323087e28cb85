using LongDoc.Service.Jobs;
using LongDoc.Service.Tests.Infrastructure;

namespace LongDoc.Service.Tests.Reliability;

/// <summary>
/// Many files dropped at once into a running watcher, with the awkward cases mixed in: slow writes, temp file then
/// rename, a file deleted before it is stable, duplicates. Every file is accounted for. LONGDOC_BULK_FILES=1000
/// runs the long version.
/// </summary>
public sealed class BulkDropTests
{
    static readonly int Unique = int.TryParse(Environment.GetEnvironmentVariable("LONGDOC_BULK_FILES"), out var n) ? n : 150;
    const int Duplicates = 10, SlowWrites = 4, Renamed = 10;

    [Fact]
    public async Task DropMany_WithSlowTempDeletedAndDuplicates_AllAccountedFor()
    {
        using var f = new WatchFolders();
        // A lease long enough that a starved thread pool on a busy machine cannot let one lapse (that would be a second attempt).
        var args = f.Args("--Extraction:InProcess=true", "--Jobs:Workers=2", "--Watch:StableSeconds=1", "--Jobs:LeaseSeconds=20");
        using var watch = new LongDocProcess(null, args);
        watch.WaitUntil(() => watch.Stderr.Contains("watching"), TimeSpan.FromSeconds(60), "the watcher started");

        var slow = Task.Run(() =>
        {
            for (var i = 0; i < SlowWrites; i++)
            {
                using var s = new FileStream(Path.Combine(f.In, $"slow{i}.md"), FileMode.CreateNew);
                foreach (var line in WatchFolders.Markdown(100_000 + i).Split('\n'))
                {
                    s.Write(System.Text.Encoding.UTF8.GetBytes(line + "\n"));
                    s.Flush();
                    Thread.Sleep(150);
                }
            }
        });
        for (var i = 0; i < Unique; i++)
        {
            var dir = Path.Combine(f.In, $"d{i % 7}");
            Directory.CreateDirectory(dir);
            File.WriteAllText(Path.Combine(dir, $"doc{i}.md"), WatchFolders.Markdown(i));
        }
        for (var i = 0; i < Duplicates; i++) File.WriteAllText(Path.Combine(f.In, $"copy{i}.md"), WatchFolders.Markdown(i));
        for (var i = 0; i < Renamed; i++)
        {
            var temp = Path.Combine(f.In, $"renamed{i}.md.tmp");
            File.WriteAllText(temp, WatchFolders.Markdown(200_000 + i));
            File.Move(temp, Path.Combine(f.In, $"renamed{i}.md"));
        }
        var doomed = Path.Combine(f.In, "deleted.md");
        File.WriteAllText(doomed, WatchFolders.Markdown(300_000));
        Thread.Sleep(100);
        File.Delete(doomed);
        await slow;

        var expected = Unique + SlowWrites + Renamed;
        watch.WaitUntil(() => f.Processed.Length == expected && f.LeftInInput.Length == 0, TimeSpan.FromSeconds(240), $"{expected} files processed");
        watch.Kill9();

        Assert.Equal(expected, f.Summaries.Length);
        Assert.Equal(expected, f.Files(f.Out, "*.longdoc.json").Length);
        Assert.Equal(Duplicates, f.Files(Path.Combine(f.Out, "duplicates"), "*.md").Length);
        Assert.Empty(f.TempFiles);
        Assert.DoesNotContain(f.Summaries, s => s.Contains("deleted"));
        var jobs = f.Jobs();
        Assert.Equal(expected, jobs.Count);
        Assert.All(jobs, j => Assert.Equal((JobState.Done, 1), (j.State, j.Attempts)));
        // The slow files were taken whole: their summaries carry their last heading.
        for (var i = 0; i < SlowWrites; i++) Assert.Contains($"Details {100_000 + i}", File.ReadAllText(Path.Combine(f.Out, $"slow{i}.md.summary.md")));
    }
}
