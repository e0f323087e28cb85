namespace LongDoc.Service.Jobs;

/// <summary>
/// Writes a running job's phase to the store when it changes (a repeat costs nothing), one write after another
/// in the order reported, off the caller's thread. The phase is informative: a store that is briefly unreachable
/// loses it, never the job. <see cref="DisposeAsync"/> waits for the last write.
/// </summary>
public sealed class PhaseReporter(IJobStore store, Job job, string worker) : IProgress<string>, IAsyncDisposable
{
    readonly Lock _lock = new();
    string? _last;
    Task _writes = Task.CompletedTask;

    public void Report(string value)
    {
        lock (_lock)
        {
            if (value == _last) return;
            _last = value;
            _writes = _writes.ContinueWith(_ => WriteAsync(value), TaskScheduler.Default).Unwrap();
        }
    }

    async Task WriteAsync(string phase)
    {
        try { await store.ReportPhaseAsync(job.Id, worker, phase, CancellationToken.None); }
        catch (System.Data.Common.DbException) { }
    }

    public ValueTask DisposeAsync()
    {
        lock (_lock) return new ValueTask(_writes);
    }
}
