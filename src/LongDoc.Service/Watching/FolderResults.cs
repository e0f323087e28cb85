using LongDoc.Service.Jobs;
using LongDoc.Service.Processing;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace LongDoc.Service.Watching;

/// <summary>
/// Where a watched file's results go, mirroring its path under the input folder (NAME is the file name):
/// OUT/dir/NAME.summary.md and OUT/dir/NAME.longdoc.json, then the original to OUT/processed/dir/NAME;
/// a parked failure to OUT/failed/dir/NAME with OUT/failed/dir/NAME.error.txt. Only the entry that was taken is
/// ever moved: its bytes must still hash to the job's key (a file that changed after it was read stays, to be taken
/// again and its results replaced), and the path must still pass <see cref="InputFolder.Inspect"/>.
/// </summary>
public sealed class FolderResults(IOptions<WatchOptions> options, InputFolder folder, ILogger<FolderResults> log) : IJobHandler
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

    /// <summary>Before processing: the source must still be a regular file inside the input folder (a FIFO never reaches the extraction).</summary>
    public string? SourceProblem(Job job)
    {
        try { folder.OpenRead(job.Source).Stream.Dispose(); return null; }
        catch (FileNotFoundException) { return "the file was removed before it was processed"; }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException) { return e.Message.Replace(job.Source + ": ", ""); }
    }

    public async Task<string?> CommitOutputsAsync(Job job, ProcessedDocument result, CancellationToken ct)
    {
        await AtomicFile.WriteAsync(DocumentPath(job.Name), result.DocumentJson, ct);
        await AtomicFile.WriteAsync(SummaryPath(job.Name), result.SummaryMarkdown, ct);
        return Path.GetRelativePath(Output, SummaryPath(job.Name));
    }

    public async Task FinishAsync(Job job, CancellationToken ct)
    {
        if (await StillTakenAsync(job, ct)) AtomicFile.Move(job.Source, ProcessedPath(job.Name));
    }

    public async Task ParkAsync(Job job, string reason, CancellationToken ct)
    {
        await AtomicFile.WriteAsync(FailedPath(job.Name) + ".error.txt", reason + "\n", ct);
        if (await StillTakenAsync(job, ct)) AtomicFile.Move(job.Source, FailedPath(job.Name));
    }

    /// <summary>A file whose bytes match an earlier job's: set aside with a note naming the original, unless it changed since it was hashed.</summary>
    public async Task SetAsideDuplicateAsync(string source, string relative, FileIdentity read, Job original, CancellationToken ct)
    {
        if (folder.Inspect(source).Kind != EntryKind.File || folder.Identify(source) != read)
        {
            log.LogInformation("{Name}: changed since it was read; taken again when stable", relative);
            return;
        }
        log.LogInformation("{Name}: duplicate of {Original}; moved to duplicates/", relative, original.Name);
        await AtomicFile.WriteAsync(DuplicatePath(relative) + ".duplicate.txt", $"same content as {original.Name} (job {original.Id}, {original.State.ToString().ToLowerInvariant()})\n", ct);
        AtomicFile.Move(source, DuplicatePath(relative));
    }

    /// <summary>True when the job's source is still the entry taken, holding the bytes the job's key was made from.</summary>
    async Task<bool> StillTakenAsync(Job job, CancellationToken ct)
    {
        var entry = folder.Inspect(job.Source);
        if (entry.Kind == EntryKind.Gone) return false;
        if (entry.Kind != EntryKind.File)
        {
            log.LogWarning("{Name}: {Problem}; not moved", job.Name, entry.Problem ?? "no longer a file");
            return false;
        }
        string hash;
        try { (hash, _) = await folder.HashAsync(job.Source, ct); }
        catch (FileNotFoundException) { return false; }
        catch (IOException e)
        {
            log.LogWarning("{Message}; not moved", e.Message);
            return false;
        }
        if ("sha256:" + hash == job.Key) return true;
        log.LogInformation("{Name}: changed after it was read; left in place, to be taken again and its results replaced", job.Name);
        return false;
    }
}
