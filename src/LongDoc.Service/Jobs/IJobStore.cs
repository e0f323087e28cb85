namespace LongDoc.Service.Jobs;

/// <summary>
/// A durable job queue shared by producers (watcher, HTTP uploads) and workers. Every state change is one
/// committed statement, so a process killed at any point leaves the store consistent: a running job whose lease
/// expires is claimed again by the next worker. The store also keeps the tenants' collections of documents
/// (<see cref="ICollectionStore"/>).
/// </summary>
public interface IJobStore : ICollectionStore, IDisposable
{
    /// <summary>Creates the schema when missing (idempotent; safe with several workers starting at once).</summary>
    Task InitializeAsync(CancellationToken ct = default);

    /// <summary>Queues a job unless one with the same key exists; returns the job under that key either way.</summary>
    Task<Enqueued> EnqueueAsync(NewJob job, CancellationToken ct = default);

    /// <summary>
    /// As <see cref="EnqueueAsync"/>, but null (nothing queued) when the job's tenant already has <paramref name="maxQueued"/>
    /// jobs queued; the count and the insert are one atomic step, so parallel producers never overshoot.
    /// </summary>
    Task<Enqueued?> TryEnqueueAsync(NewJob job, int maxQueued, CancellationToken ct = default);

    /// <summary>
    /// Claims the oldest runnable job (queued and due, or running with an expired lease) for <paramref name="worker"/>,
    /// counts the attempt and leases it for <paramref name="lease"/>. Null when nothing is runnable.
    /// </summary>
    Task<Job?> ClaimAsync(string worker, TimeSpan lease, CancellationToken ct = default);

    /// <summary>Renews the lease during long work. False when the worker no longer holds it (it expired and was reclaimed).</summary>
    Task<bool> HeartbeatAsync(long id, string worker, TimeSpan lease, CancellationToken ct = default);

    /// <summary>
    /// Says what the holder is doing now ("reading", "summarizing 2/5"); cleared when the job leaves running. False when
    /// the worker no longer holds the lease. Called when the phase changes, not per page or token.
    /// </summary>
    Task<bool> ReportPhaseAsync(long id, string worker, string phase, CancellationToken ct = default);

    /// <summary>Marks the job done with its result. False when the worker no longer holds the lease.</summary>
    Task<bool> CompleteAsync(long id, string worker, string? result, CancellationToken ct = default);

    /// <summary>
    /// Records a failed attempt: requeued after <paramref name="retryDelay"/>, or parked as failed when
    /// <paramref name="permanent"/> or the attempts are used up. Returns the new state (null: lease lost).
    /// </summary>
    Task<JobState?> FailAsync(long id, string worker, string reason, TimeSpan retryDelay, bool permanent, CancellationToken ct = default);

    /// <summary>
    /// Gives the job back without charging the attempt (the environment failed, not the document: an unwritable
    /// output folder, a full disk); it runs again after <paramref name="delay"/>. False when the lease was lost.
    /// </summary>
    Task<bool> DeferAsync(long id, string worker, string reason, TimeSpan delay, CancellationToken ct = default);

    /// <summary>Removes a finished (done or failed) job; false when there is none or it is still queued or running.</summary>
    Task<bool> DeleteAsync(long id, CancellationToken ct = default);

    Task<Job?> GetAsync(long id, CancellationToken ct = default);

    Task<Job?> FindAsync(string key, CancellationToken ct = default);

    /// <summary>The newest jobs first, at most <paramref name="limit"/>, optionally of one kind and of one tenant.</summary>
    Task<IReadOnlyList<Job>> ListAsync(int limit, string? kind = null, string? tenant = null, CancellationToken ct = default);

    /// <summary>How many jobs are in each state (every state present, zero when none).</summary>
    Task<IReadOnlyDictionary<JobState, long>> CountAsync(CancellationToken ct = default);

    /// <summary>How many jobs each tenant has in each state (of <paramref name="tenant"/> alone when given, listed even with none).</summary>
    Task<IReadOnlyDictionary<string, IReadOnlyDictionary<JobState, long>>> CountByTenantAsync(string? tenant = null, CancellationToken ct = default);
}
