namespace LongDoc.Service.Jobs;

/// <summary>
/// Renews a job's lease every third of its length while the work runs (a long generation outlives one lease).
/// When a renewal finds the lease lost, <see cref="Lost"/> is cancelled so the work stops: another worker has it.
/// </summary>
public sealed class LeaseKeeper : IAsyncDisposable
{
    readonly CancellationTokenSource _lost;
    readonly CancellationTokenSource _stop = new();
    readonly Task _loop;

    public LeaseKeeper(IJobStore store, Job job, string worker, TimeSpan lease, CancellationToken stopping)
    {
        _lost = CancellationTokenSource.CreateLinkedTokenSource(stopping);
        _loop = Task.Run(async () =>
        {
            using var timer = new PeriodicTimer(lease / 3);
            try
            {
                while (await timer.WaitForNextTickAsync(_stop.Token))
                {
                    bool held;
                    // A store that is briefly unreachable is not a lost lease: try again at the next tick.
                    try { held = await store.HeartbeatAsync(job.Id, worker, lease, _stop.Token); }
                    catch (System.Data.Common.DbException) { continue; }
                    if (!held) { _lost.Cancel(); return; }
                }
            }
            catch (OperationCanceledException) { }
        });
    }

    /// <summary>Cancelled when the lease is lost or the service stops.</summary>
    public CancellationToken Lost => _lost.Token;

    public async ValueTask DisposeAsync()
    {
        _stop.Cancel();
        await _loop;
        _stop.Dispose();
        _lost.Dispose();
    }
}
