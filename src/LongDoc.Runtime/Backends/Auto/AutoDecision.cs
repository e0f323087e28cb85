namespace LongDoc.Runtime.Backends.Auto;

/// <summary>What <c>--device auto</c> does next: use the CPU, use CUDA, or run the quick self-test first.</summary>
public enum AutoStep { Cpu, Cuda, SelfTest }

/// <summary>
/// The decision table of <c>--device auto</c> (README "Devices"): CUDA only where the quick self-test has passed on this
/// GPU, driver, NVRTC and LongDoc build. <see cref="Reason"/> is the one line the user sees.
/// </summary>
public sealed record AutoDecision(AutoStep Step, string Reason)
{
    public const string QuickCommand = "longdoc selftest --device cuda --quick";

    /// <param name="unavailable">Why CUDA did not open (no driver, no device, no NVRTC), or null when it did.</param>
    /// <param name="verdict">The cached verdict for this GPU/driver/NVRTC/LongDoc, or null.</param>
    /// <param name="mayRunSelfTest">Whether auto may run the quick self-test itself (LONGDOC_AUTO_SELFTEST is not 0).</param>
    public static AutoDecision Decide(string? unavailable, SelfTestVerdict? verdict, bool mayRunSelfTest) =>
        (unavailable, verdict, mayRunSelfTest) switch
        {
            ({ } why, _, _) => new(AutoStep.Cpu, $"device: cpu (CUDA not used: {why})"),
            (null, { Passed: true } v, _) => new(AutoStep.Cuda, $"CUDA quick self-test passed on {v.At:yyyy-MM-dd} for {v.Facts}"),
            (null, { } v, _) => new(AutoStep.Cpu, $"device: cpu (CUDA self-test failed on {v.At:yyyy-MM-dd} for {v.Facts}: {v.Failure}; `longdoc selftest --device cuda` shows every check, --device cuda forces it)"),
            (null, null, true) => new(AutoStep.SelfTest, $"no CUDA self-test verdict for this GPU, driver, NVRTC and LongDoc build: running `{QuickCommand}` once"),
            (null, null, false) => new(AutoStep.Cpu, $"device: cpu (CUDA self-test not run for this GPU, driver, NVRTC and LongDoc build: run `{QuickCommand}`)"),
        };
}
