namespace LongDoc.Service.Jobs;

/// <summary>Wakes idle workers when a producer in this process queues a job (other processes are found by polling).</summary>
public sealed class JobSignal
{
    readonly SemaphoreSlim _pulse = new(0, int.MaxValue);

    public void Pulse() => _pulse.Release();

    public async Task WaitAsync(TimeSpan timeout, CancellationToken ct)
    {
        await _pulse.WaitAsync(timeout, ct);
        while (_pulse.CurrentCount > 0) _pulse.Wait(0, CancellationToken.None);
    }
}
