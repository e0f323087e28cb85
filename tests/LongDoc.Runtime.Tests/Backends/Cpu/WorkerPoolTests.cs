using LongDoc.Runtime.Backends.Cpu;

namespace LongDoc.Runtime.Tests.Backends.Cpu;

public class WorkerPoolTests
{
    sealed class CountingJob(int chunks) : IParallelJob
    {
        public readonly int[] Hits = new int[chunks];
        public void Execute(int chunk) => Interlocked.Increment(ref Hits[chunk]);
    }

    sealed class FailingJob : IParallelJob
    {
        public void Execute(int chunk)
        {
            if (chunk == 5) throw new InvalidOperationException("chunk 5 failed");
        }
    }

    [Fact]
    public void Run_ManyCallsWithPausesBetween_EveryChunkExactlyOnce()
    {
        using var pool = new WorkerPool(3);
        var job = new CountingJob(7);
        const int runs = 600;
        for (int r = 0; r < runs; r++)
        {
            pool.Run(job, 7);
            // Pauses longer than the spin window make the workers block, exercising the wake-up handshake.
            if (r % 50 == 0) Thread.Sleep(2);
        }
        Assert.All(job.Hits, h => Assert.Equal(runs, h));
    }

    [Fact]
    public void Run_JobThrows_RethrowsOnCaller_AndPoolKeepsWorking()
    {
        using var pool = new WorkerPool(2);
        var e = Assert.ThrowsAny<Exception>(() => pool.Run(new FailingJob(), 40));
        Assert.Contains("chunk 5 failed", e is AggregateException a ? a.InnerException!.Message : e.Message);
        var job = new CountingJob(9);
        pool.Run(job, 9);
        Assert.All(job.Hits, h => Assert.Equal(1, h));
    }

    /// <summary>Every chunk sleeps, so a worker that joined is still busy long after the caller's spin budget.</summary>
    sealed class SlowJob(int chunks) : IParallelJob
    {
        public readonly int[] Finished = new int[chunks];
        public void Execute(int chunk)
        {
            Thread.Sleep(3);
            Volatile.Write(ref Finished[chunk], 1);
        }
    }

    [Fact]
    public void Run_JoinedWorkerOutlastsTheCallersSpin_ReturnsOnlyAfterEveryChunkFinished()
    {
        using var pool = new WorkerPool(3);
        for (int r = 0; r < 20; r++)
        {
            var job = new SlowJob(5);
            pool.Run(job, 5);
            Assert.All(job.Finished, f => Assert.Equal(1, f));
        }
    }

    [Fact]
    public void Run_MoreThreadsThanCoresWithBusyChunks_EveryChunkExactlyOnce()
    {
        // Oversubscribed: workers are descheduled mid-chunk, and the caller blocks on them instead of spinning.
        using var pool = new WorkerPool(Environment.ProcessorCount * 4);
        var job = new CountingJob(64);
        const int runs = 300;
        for (int r = 0; r < runs; r++) pool.Run(job, 64);
        Assert.All(job.Hits, h => Assert.Equal(runs, h));
    }
}
