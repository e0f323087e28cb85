using System.Diagnostics;

namespace LongDoc.Runtime.Backends.Cpu;

/// <summary>Work split into numbered chunks; Execute may run on any pool thread.</summary>
internal interface IParallelJob
{
    void Execute(int chunk);
}

/// <summary>
/// A small persistent thread pool: Threads-1 workers plus the calling thread take chunks from a shared counter, so
/// the caller works through the op's chunks itself and never waits for a worker that has not started.
/// A decoded token runs ~150 parallel ops of ~10-50 µs each; Parallel.For's per-call setup and a futex wake per op
/// would cost a large share of that, so workers wait for the next op (which usually follows within microseconds)
/// with a bounded <see cref="Backoff"/> (pause instructions for up to 200 µs) and only then block on their semaphore.
/// Handshake: a worker about to block raises its sleeping flag, then re-reads the generation; the caller bumps the
/// generation, then takes each flag and releases only workers whose flag it took. Full fences on both sides mean
/// one of them always sees the other, so no wake-up is lost and none is left over.
/// Joining: each op invites every worker; a worker joins (Invited -> Joined, before it reads the job) or, if the
/// caller finished every chunk first, the caller withdraws the invitation (Invited -> Withdrawn) and does not wait
/// for it. On a shared, oversubscribed machine a descheduled worker then no longer stalls every op until it runs.
/// A worker that joined may be descheduled in the middle of its chunk: the caller waits for it 20 µs with pause
/// instructions, then yields its core round by round (to that worker or to another process), and after 2 ms blocks
/// (the same flag handshake, mirrored: a finishing worker releases it), so no wait spins without bound.
/// Why pause and not yield while a worker is idle: with another process competing for the cores, a yield hands it a
/// whole time slice just before the next op needs the worker, and blocking costs a wake-up per op; a pause spin only
/// uses the thread's own fair share. Measured in the repo README, Performance, "A loaded machine".
/// </summary>
internal sealed class WorkerPool : IDisposable
{
    static readonly long IdleSpinTicks = Stopwatch.Frequency / 5000;   // 200 µs of pause: a worker's wait for the next op
    static readonly long JoinSpinTicks = Stopwatch.Frequency / 500;     // 2 ms: the caller's wait for joined workers,
    static readonly long JoinPauseTicks = Stopwatch.Frequency / 50_000; // of which 20 µs pause, then yields

    readonly Thread[] _workers;
    readonly SemaphoreSlim[] _go;
    readonly int[] _sleeping;
    readonly int[] _state;   // per worker: Invited, Joined, Done or Withdrawn for the current op
    readonly SemaphoreSlim _finished = new(0);
    int _callerSleeping;
    const int Done = 0, Invited = 1, Joined = 2, Withdrawn = 3;
    IParallelJob? _job;
    long _generation;
    int _chunks;
    int _next;
    volatile bool _stop;
    Exception? _error;

    public WorkerPool(int threads)
    {
        Threads = Math.Max(1, threads);
        _workers = new Thread[Threads - 1];
        _go = new SemaphoreSlim[Threads - 1];
        _sleeping = new int[Threads - 1];
        _state = new int[Threads - 1];
        for (int i = 0; i < _workers.Length; i++)
        {
            _go[i] = new SemaphoreSlim(0);
            _workers[i] = new Thread(Loop) { IsBackground = true, Name = $"longdoc-cpu-{i + 1}" };
            _workers[i].Start(i);
        }
    }

    public int Threads { get; }

    /// <summary>Runs chunks 0..chunks-1 of <paramref name="job"/> and returns when all are done.</summary>
    public void Run(IParallelJob job, int chunks)
    {
        if (chunks <= 0) return;
        if (_workers.Length == 0 || chunks == 1)
        {
            for (int c = 0; c < chunks; c++) job.Execute(c);
            return;
        }
        _job = job;
        _chunks = chunks;
        _error = null;
        Volatile.Write(ref _next, -1);
        for (int i = 0; i < _workers.Length; i++) Volatile.Write(ref _state[i], Invited);
        Wake();
        try { Work(job); }
        catch (Exception failure) { _error = failure; } // still wait: joined workers must be done with this job before the next one
        for (int i = 0; i < _workers.Length; i++) Interlocked.CompareExchange(ref _state[i], Withdrawn, Invited); // never joined
        AwaitJoined();
        _job = null;
        if (_error is { } e) throw new AggregateException("CPU backend worker failed", e);
    }

    /// <summary>Returns once no worker is still Joined (each joined worker has finished this op).</summary>
    void AwaitJoined()
    {
        var backoff = new Backoff(JoinSpinTicks, JoinPauseTicks);
        while (AnyJoined())
        {
            if (backoff.SpinOnce()) continue;
            Interlocked.Exchange(ref _callerSleeping, 1);            // full fence
            if (!AnyJoined())
            {
                // Finished between the check and the flag: if a worker already took the flag, its release is ours.
                if (Interlocked.Exchange(ref _callerSleeping, 0) == 0) _finished.Wait();
                return;
            }
            _finished.Wait();
        }
    }

    bool AnyJoined()
    {
        for (int i = 0; i < _state.Length; i++)
            if (Volatile.Read(ref _state[i]) == Joined) return true;
        return false;
    }

    void Wake()
    {
        Interlocked.Increment(ref _generation);
        for (int i = 0; i < _workers.Length; i++)
            if (Interlocked.Exchange(ref _sleeping[i], 0) == 1) _go[i].Release();
    }

    void Work(IParallelJob job)
    {
        int c;
        while ((c = Interlocked.Increment(ref _next)) < _chunks) job.Execute(c);
    }

    void Loop(object? index)
    {
        int i = (int)index!;
        long seen = 0;
        while (true)
        {
            WaitForGeneration(i, seen);
            seen = Volatile.Read(ref _generation);
            if (_stop) return;
            if (Interlocked.CompareExchange(ref _state[i], Joined, Invited) != Invited) continue; // withdrawn: op is over
            try { Work(_job!); }
            catch (Exception e) { _error = e; }
            Interlocked.Exchange(ref _state[i], Done);               // full fence
            if (Interlocked.Exchange(ref _callerSleeping, 0) == 1) _finished.Release();
        }
    }

    void WaitForGeneration(int i, long seen)
    {
        var backoff = new Backoff(IdleSpinTicks, IdleSpinTicks);
        while (Volatile.Read(ref _generation) == seen)
        {
            if (backoff.SpinOnce()) continue;
            Interlocked.Exchange(ref _sleeping[i], 1);               // full fence
            if (Volatile.Read(ref _generation) != seen)
            {
                // Woken between the check and the flag: if the caller already took the flag, its release is ours.
                if (Interlocked.Exchange(ref _sleeping[i], 0) == 0) _go[i].Wait();
                return;
            }
            _go[i].Wait();
            return;
        }
    }

    public void Dispose()
    {
        _stop = true;
        Wake();
        foreach (var w in _workers) w.Join();
        foreach (var go in _go) go.Dispose();
        _finished.Dispose();
    }
}
