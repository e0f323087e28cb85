namespace LongDoc.Runtime.Backends.Cpu;

/// <summary>Work split into numbered chunks; Execute may run on any pool thread.</summary>
internal interface IParallelJob
{
    void Execute(int chunk);
}

/// <summary>
/// A small persistent thread pool: Threads-1 workers plus the calling thread take chunks from a shared counter.
/// A decode step runs ~20 parallel ops per layer; Parallel.For's per-call setup and closure allocation cost
/// more than the ops themselves at that size, so workers stay alive and are woken by a semaphore each call.
/// </summary>
internal sealed class WorkerPool : IDisposable
{
    readonly Thread[] _workers;
    readonly SemaphoreSlim[] _go;
    IParallelJob? _job;
    int _chunks;
    int _next;
    int _pending;
    volatile bool _stop;
    Exception? _error;

    public WorkerPool(int threads)
    {
        Threads = Math.Max(1, threads);
        _workers = new Thread[Threads - 1];
        _go = new SemaphoreSlim[Threads - 1];
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
        Volatile.Write(ref _pending, _workers.Length);
        foreach (var go in _go) go.Release();
        Work(job);
        var spin = new SpinWait();
        while (Volatile.Read(ref _pending) != 0) spin.SpinOnce(sleep1Threshold: -1);
        _job = null;
        if (_error is { } e) throw new AggregateException("CPU backend worker failed", e);
    }

    void Work(IParallelJob job)
    {
        int c;
        while ((c = Interlocked.Increment(ref _next)) < _chunks) job.Execute(c);
    }

    void Loop(object? index)
    {
        var go = _go[(int)index!];
        while (true)
        {
            go.Wait();
            if (_stop) return;
            try { Work(_job!); }
            catch (Exception e) { _error = e; }
            Interlocked.Decrement(ref _pending);
        }
    }

    public void Dispose()
    {
        _stop = true;
        foreach (var go in _go) go.Release();
        foreach (var w in _workers) w.Join();
        foreach (var go in _go) go.Dispose();
    }
}
