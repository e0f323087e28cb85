using System.Diagnostics;

namespace LongDoc.Runtime.Backends.Cpu;

/// <summary>
/// Bounded spinning for a wait that is usually a few microseconds: pause instructions for
/// <c>pauseTicks</c>, then a yield of the core per round, until <c>budgetTicks</c> are spent and the caller should
/// block. See <see cref="WorkerPool"/> for which wait uses which budget, and why.
/// </summary>
internal struct Backoff(long budgetTicks, long pauseTicks)
{
    readonly long _start = Stopwatch.GetTimestamp();

    /// <summary>Waits a little; false once the budget is spent (block now).</summary>
    public readonly bool SpinOnce()
    {
        long elapsed = Stopwatch.GetTimestamp() - _start;
        if (elapsed >= budgetTicks) return false;
        if (elapsed < pauseTicks) Thread.SpinWait(16);
        else Thread.Yield();
        return true;
    }
}
