using System.Security.Cryptography;
using LongDoc.Service.Jobs;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace LongDoc.Service.Watching;

/// <summary>
/// Takes a stable file into the store: hashes it (SHA-256 is the job key, so equal bytes are one job) and queues
/// it. A file whose job already exists is either the same file seen again after a restart (finish what the crash
/// interrupted: move it to processed/ or failed/) or a duplicate of another (set aside in duplicates/).
/// </summary>
public sealed class FolderIntake(IJobStore store, FolderResults results, JobSignal signal, IOptions<WatchOptions> watch,
    IOptions<JobOptions> jobs, ILogger<FolderIntake> log)
{
    readonly string _input = Path.GetFullPath(watch.Value.Input);

    public string Relative(string path) => Path.GetRelativePath(_input, path);

    /// <summary>Queues the file, or settles it when its job already exists. False when the file vanished first.</summary>
    public async Task<bool> TakeAsync(string path, CancellationToken ct)
    {
        string hash;
        try { hash = await HashAsync(path, ct); }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException) { return false; }
        var relative = Relative(path);
        var queued = await store.EnqueueAsync(new NewJob("sha256:" + hash, FolderResults.JobKind, relative, path, jobs.Value.MaxAttempts), ct);
        if (queued.Created)
        {
            log.LogInformation("{Name}: queued (job {Id})", relative, queued.Job.Id);
            signal.Pulse();
            return true;
        }
        var job = queued.Job;
        if (job.Source != path)
        {
            log.LogInformation("{Name}: duplicate of {Original}; moved to duplicates/", relative, job.Name);
            await results.SetAsideDuplicateAsync(path, relative, job, ct);
        }
        else if (job.State == JobState.Done) await results.FinishAsync(job, ct);
        else if (job.State == JobState.Failed) await results.ParkAsync(job, job.Error ?? "failed", ct);
        return true;
    }

    static async Task<string> HashAsync(string path, CancellationToken ct)
    {
        await using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete, 1 << 16, FileOptions.Asynchronous);
        return Convert.ToHexStringLower(await SHA256.HashDataAsync(stream, ct));
    }
}
