namespace LongDoc.Service.Jobs;

/// <summary>Where a job is in its life: queued -> running (leased) -> done, or back to queued on a retry, or failed (parked).</summary>
public enum JobState { Queued, Running, Done, Failed }

/// <summary>
/// One unit of work in the store. <see cref="Key"/> is unique (kind and content hash), so the same bytes are
/// never queued twice. <see cref="Attempts"/> is counted when a worker claims the job, so a worker killed
/// mid-job still used up an attempt; after <see cref="MaxAttempts"/> the job is parked as failed with its reason.
/// <see cref="Phase"/> says what a running job's worker is doing (<see cref="Processing.Phases"/>); null otherwise.
/// </summary>
public sealed record Job(
    long Id,
    string Key,
    string Kind,
    string Name,
    string Source,
    JobState State,
    int Attempts,
    int MaxAttempts,
    string? LeaseOwner,
    DateTimeOffset? LeaseUntil,
    DateTimeOffset RunAfter,
    string? Error,
    string? Result,
    DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt,
    string Tenant,
    string? Phase = null);

/// <summary>
/// What a producer gives to queue a job: <paramref name="Source"/> is a path the worker reads; <paramref name="Tenant"/>
/// owns it (the HTTP API's key decides; the watcher's jobs are the default tenant's).
/// </summary>
public sealed record NewJob(string Key, string Kind, string Name, string Source, int MaxAttempts = 3, string Tenant = NewJob.DefaultTenant)
{
    public const string DefaultTenant = "default";
}

/// <summary>The job under that key, and whether this call created it (false: it was already known).</summary>
public sealed record Enqueued(Job Job, bool Created);
