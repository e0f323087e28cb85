namespace LongDoc.Service.Hosting;

/// <summary>Counters since start, exported by /metrics (job states and queue depth come from the store itself).</summary>
public sealed class ServiceMetrics
{
    long _completed, _failedAttempts, _deferred, _tokens, _generationTicks, _requests;

    public long Completed => Interlocked.Read(ref _completed);
    public long FailedAttempts => Interlocked.Read(ref _failedAttempts);
    public long Deferred => Interlocked.Read(ref _deferred);
    public long Tokens => Interlocked.Read(ref _tokens);
    public long Requests => Interlocked.Read(ref _requests);
    public TimeSpan GenerationTime => TimeSpan.FromTicks(Interlocked.Read(ref _generationTicks));

    /// <summary>Tokens per second over all generation so far (0 before any).</summary>
    public double TokensPerSecond => GenerationTime > TimeSpan.Zero ? Tokens / GenerationTime.TotalSeconds : 0;

    public void JobCompleted() => Interlocked.Increment(ref _completed);
    public void AttemptFailed() => Interlocked.Increment(ref _failedAttempts);
    public void JobDeferred() => Interlocked.Increment(ref _deferred);
    public void Request() => Interlocked.Increment(ref _requests);

    public void Generated(long tokens, TimeSpan took)
    {
        Interlocked.Add(ref _tokens, tokens);
        Interlocked.Add(ref _generationTicks, took.Ticks);
    }
}
