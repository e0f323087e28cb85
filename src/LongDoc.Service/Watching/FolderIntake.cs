using LongDoc.Service.Jobs;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace LongDoc.Service.Watching;

/// <summary>
/// Takes a stable file into the store: hashes it (SHA-256 is the job key, so equal bytes are one job) and queues
/// it. A file whose job already exists is either the same file seen again after a restart (finish what the crash
/// interrupted: move it to processed/ or failed/) or a duplicate of another (set aside in duplicates/). The file is
/// read only through <see cref="InputFolder.OpenRead"/>: a regular file inside the input folder, opened without blocking.
/// </summary>
public sealed class FolderIntake(IJobStore store, FolderResults results, InputFolder folder, JobSignal signal,
    IOptions<JobOptions> jobs, ILogger<FolderIntake> log)
{
    public string Relative(string path) => folder.Relative(path);

    /// <summary>Queues the file, or settles it when its job already exists. False when the file vanished first.</summary>
    public async Task<bool> TakeAsync(string path, CancellationToken ct)
    {
        string hash;
        FileIdentity identity;
        try { (hash, identity) = await folder.HashAsync(path, ct); }
        catch (FileNotFoundException) { return false; }
        var relative = Relative(path);
        var queued = await store.EnqueueAsync(new NewJob("sha256:" + hash, FolderResults.JobKind, relative, path, jobs.Value.MaxAttempts), ct);
        if (queued.Created)
        {
            log.LogInformation("{Name}: queued (job {Id})", relative, queued.Job.Id);
            signal.Pulse();
            return true;
        }
        var job = queued.Job;
        if (job.Source != path && InputFolder.SameFile(job.Source, path))
            log.LogInformation("{Name}: the same file as {Original} (linked); left in place", relative, job.Name);
        else if (job.Source != path)
            await results.SetAsideDuplicateAsync(path, relative, identity, job, ct);
        else if (job.State == JobState.Done) await results.FinishAsync(job, ct);
        else if (job.State == JobState.Failed) await results.ParkAsync(job, job.Error ?? "failed", ct);
        return true;
    }
}
