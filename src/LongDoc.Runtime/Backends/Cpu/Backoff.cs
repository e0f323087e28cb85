using System.Diagnostics;

namespace LongDoc.Runtime.Backends.Cpu;

/// <summary>
/// Bounded spinning for a wait that is usually short: a few microseconds of pause instructions, then a yield of the
/// core per round (another runnable thread, ours or another process's, gets it), until the budget is spent and the
/// caller should block. On a quiet machine the yields cost a system call each; on a loaded one they keep the spinner
/// from holding a core that the thread it waits for, or other work, needs.
/// </summary>
internal struct Backoff(long budgetTicks)
{
    static readonly long PauseTicks = Stopwatch.Frequency / 50_000; // 20 µs

    readonly long _start = Stopwatch.GetTimestamp();

    /// <summary>Waits a little; false once the budget is spent (block now).</summary>
    public readonly bool SpinOnce()
    {
        long elapsed = Stopwatch.GetTimestamp() - _start;
        if (elapsed >= budgetTicks) return false;
        if (elapsed < PauseTicks) Thread.SpinWait(16);
        else Thread.Yield();
        return true;
    }
}
