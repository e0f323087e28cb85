using LongDoc.Service.Jobs;
using LongDoc.Service.Processing;
using Microsoft.Extensions.Options;

namespace LongDoc.Service.Watching;

/// <summary>
/// Where a watched file's results go, mirroring its path under the input folder (NAME is the file name):
/// OUT/dir/NAME.summary.md and OUT/dir/NAME.longdoc.json, then the original to OUT/processed/dir/NAME;
/// a parked failure to OUT/failed/dir/NAME with OUT/failed/dir/NAME.error.txt.
/// </summary>
public sealed class FolderResults(IOptions<WatchOptions> options) : IJobHandler
{
    public const string JobKind = "file";
    readonly WatchOptions _o = options.Value;

    public string Kind => JobKind;

    string Output => Path.GetFullPath(_o.Output);

    public string SummaryPath(string relative) => Path.Combine(Output, relative + ".summary.md");
    public string DocumentPath(string relative) => Path.Combine(Output, relative + ".longdoc.json");
    public string ProcessedPath(string relative) => Path.Combine(_o.ProcessedFolder(Output), relative);
    public string FailedPath(string relative) => Path.Combine(_o.FailedFolder(Output), relative);
    public string DuplicatePath(string relative) => Path.Combine(_o.DuplicatesFolder(Output), relative);

    public async Task<string?> CommitOutputsAsync(Job job, ProcessedDocument result, CancellationToken ct)
    {
        await AtomicFile.WriteAsync(DocumentPath(job.Name), result.DocumentJson, ct);
        await AtomicFile.WriteAsync(SummaryPath(job.Name), result.SummaryMarkdown, ct);
        return Path.GetRelativePath(Output, SummaryPath(job.Name));
    }

    public Task FinishAsync(Job job, CancellationToken ct)
    {
        if (File.Exists(job.Source)) AtomicFile.Move(job.Source, ProcessedPath(job.Name));
        return Task.CompletedTask;
    }

    public async Task ParkAsync(Job job, string reason, CancellationToken ct)
    {
        await AtomicFile.WriteAsync(FailedPath(job.Name) + ".error.txt", reason + "\n", ct);
        if (File.Exists(job.Source)) AtomicFile.Move(job.Source, FailedPath(job.Name));
    }

    /// <summary>A file whose bytes match an earlier job's: set aside with a note naming the original.</summary>
    public async Task SetAsideDuplicateAsync(string source, string relative, Job original, CancellationToken ct)
    {
        await AtomicFile.WriteAsync(DuplicatePath(relative) + ".duplicate.txt", $"same content as {original.Name} (job {original.Id}, {original.State.ToString().ToLowerInvariant()})\n", ct);
        AtomicFile.Move(source, DuplicatePath(relative));
    }
}
