using System.Globalization;
using LongDoc.Runtime.Backends.Auto;
using LongDoc.Runtime.Backends.Cpu;
using LongDoc.Runtime.Backends.Cuda.Interop;

namespace LongDoc.Runtime.Backends.Cuda.SelfTest;

/// <summary>
/// `longdoc selftest --quick`, and what <c>--device auto</c> runs once per GPU/driver/NVRTC/LongDoc: every kernel check
/// at all its sizes but the largest (the largest costs most of the CPU reference's time; the smaller ones still
/// cover tails and several blocks).
/// </summary>
public static class QuickSelfTest
{
    public static readonly IReadOnlyList<KernelCheck> Checks =
        [.. KernelChecks.All.Select(c => c.Sizes.Length > 1 ? c with { Sizes = c.Sizes[..^1] } : c)];

    /// <summary>Runs the quick checks on <paramref name="backend"/>'s device, stopping at the first failure.</summary>
    public static SelfTestVerdict Run(CudaBackend backend, CudaFacts facts, int seed = 1234)
    {
        try
        {
            using var cpu = new CpuBackend(backend.Threads);
            using var context = new CudaCheckContext(backend.Device, backend.Kernels, backend.Stream, cpu);
            return Verdict(facts, SelfTestRunner.Run(context, Checks, seed), quick: true);
        }
        catch (CudaException e)
        {
            return new SelfTestVerdict(facts, false, e.Message.ReplaceLineEndings(" "), DateTimeOffset.UtcNow, true);
        }
    }

    /// <summary>Passed, or the first failed check in words ("rope n=40: rel. L2 3.1E-2 over 1.0E-5"); enumerates only up to it.</summary>
    public static SelfTestVerdict Verdict(CudaFacts facts, IEnumerable<CheckResult> results, bool quick)
    {
        var failed = results.FirstOrDefault(r => !r.Passed);
        string? failure = failed is null ? null
            : $"{failed.Name} {failed.Shape}: " + (failed.Error ?? $"rel. L2 {failed.RelativeL2.ToString("0.0E+0", CultureInfo.InvariantCulture)} over {failed.Bound.ToString("0.0E+0", CultureInfo.InvariantCulture)}");
        return new SelfTestVerdict(facts, failed is null, failure, DateTimeOffset.UtcNow, quick);
    }
}
