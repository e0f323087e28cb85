using System.Security.Cryptography;
using System.Text;
using LongDoc.Service.Jobs;
using LongDoc.Service.Tests.Infrastructure;
using LongDoc.Service.Watching;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace LongDoc.Service.Tests.Watching;

/// <summary>The original moves only when it is still the entry taken, with the bytes its job was made from.</summary>
public sealed class FolderResultsTests : IDisposable
{
    readonly WatchFolders _f = new();
    readonly FolderResults _results;

    public FolderResultsTests()
    {
        var options = Options.Create(new WatchOptions { Input = _f.In, Output = _f.Out });
        _results = new FolderResults(options, new InputFolder(options), NullLogger<FolderResults>.Instance);
    }

    public void Dispose() => _f.Dispose();

    static Job JobOf(string name, string source, string content) => new(1, "sha256:" + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(content))),
        FolderResults.JobKind, name, source, JobState.Done, 1, 3, null, null, DateTimeOffset.UtcNow, null, null, DateTimeOffset.UtcNow, DateTimeOffset.UtcNow, NewJob.DefaultTenant);

    [Fact]
    public async Task Finish_FileUnchanged_MovedToProcessed()
    {
        var source = Path.Combine(_f.In, "a.md");
        File.WriteAllText(source, "# Whole\n");
        await _results.FinishAsync(JobOf("a.md", source, "# Whole\n"), default);
        Assert.False(File.Exists(source));
        Assert.Equal("# Whole\n", File.ReadAllText(_results.ProcessedPath("a.md")));
    }

    [Fact]
    public async Task Finish_FileChangedAfterItWasRead_LeftInPlace()
    {
        var source = Path.Combine(_f.In, "a.md");
        File.WriteAllText(source, "# Half\n");
        var job = JobOf("a.md", source, "# Half\n");
        File.AppendAllText(source, "\nThe rest, written after the pause.\n");
        await _results.FinishAsync(job, default);
        Assert.Equal("# Half\n\nThe rest, written after the pause.\n", File.ReadAllText(source));
        Assert.Empty(_f.Processed);
    }

    [Fact]
    public async Task Park_FileChangedAfterItWasRead_ReasonWrittenFileLeftInPlace()
    {
        var source = Path.Combine(_f.In, "a.pdf");
        File.WriteAllText(source, "%PDF-1.7 half");
        var job = JobOf("a.pdf", source, "%PDF-1.7 half");
        File.AppendAllText(source, " and the rest");
        await _results.ParkAsync(job, "a.pdf: truncated", default);
        Assert.True(File.Exists(source));
        Assert.Equal("a.pdf: truncated\n", File.ReadAllText(_results.FailedPath("a.pdf") + ".error.txt"));
        Assert.False(File.Exists(_results.FailedPath("a.pdf")));
    }

    [Fact]
    public async Task Finish_FolderSwappedForSymlinkToOutside_OutsideFileNotMoved()
    {
        var sub = Path.Combine(_f.In, "sub");
        Directory.CreateDirectory(sub);
        File.WriteAllText(Path.Combine(sub, "a.md"), "# Same\n");
        var job = JobOf(Path.Combine("sub", "a.md"), Path.Combine(sub, "a.md"), "# Same\n");
        // After the take, IN/sub becomes a link to a folder elsewhere holding a file of the same name and bytes.
        var elsewhere = Path.Combine(_f.Root, "elsewhere");
        Directory.CreateDirectory(elsewhere);
        File.WriteAllText(Path.Combine(elsewhere, "a.md"), "# Same\n");
        Directory.Move(sub, Path.Combine(_f.Root, "moved-sub"));
        Directory.CreateSymbolicLink(sub, elsewhere);

        await _results.FinishAsync(job, default);

        Assert.Equal("# Same\n", File.ReadAllText(Path.Combine(elsewhere, "a.md")));
        Assert.Empty(_f.Processed);
    }

    [Fact]
    public void SourceProblem_ReplacedByFifo_NamedWithoutOpeningIt()
    {
        var source = Path.Combine(_f.In, "f.txt");
        SpecialFiles.MakeFifo(source);
        Assert.Equal("a FIFO, not a regular file; not read", _results.SourceProblem(JobOf("f.txt", source, "")));
    }
}
