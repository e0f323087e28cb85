using LongDoc.Runtime.Backends.Auto;
using LongDoc.Runtime.Backends.Cuda.SelfTest;

namespace LongDoc.Runtime.Tests.Backends.Auto;

/// <summary>The --device auto decision table with made-up device facts: no GPU is needed.</summary>
public sealed class AutoDecisionTests
{
    static readonly CudaFacts H100 = VerdictStoreTests.H100;
    static readonly DateTimeOffset At = new(2026, 12, 7, 22, 0, 0, TimeSpan.Zero);

    [Fact]
    public void Decide_NoDriver_CpuSayingWhy()
    {
        var d = AutoDecision.Decide("libcuda.so.1 not found", null, mayRunSelfTest: true);
        Assert.Equal(new AutoDecision(AutoStep.Cpu, "device: cpu (CUDA not used: libcuda.so.1 not found)"), d);
    }

    [Fact]
    public void Decide_PassedVerdict_Cuda()
    {
        var d = AutoDecision.Decide(null, new SelfTestVerdict(H100, true, null, At, true), mayRunSelfTest: true);
        Assert.Equal(AutoStep.Cuda, d.Step);
        Assert.Contains("passed on 2026-12-07 for NVIDIA H100 80GB HBM3 (compute 9.0), driver 12.4 (550.54.14)", d.Reason);
    }

    [Fact]
    public void Decide_FailedVerdict_CpuNamingTheFailedCheck()
    {
        var d = AutoDecision.Decide(null, new SelfTestVerdict(H100, false, "rope n=40: rel. L2 3.0E-2 over 1.0E-5", At, true), mayRunSelfTest: true);
        Assert.Equal(AutoStep.Cpu, d.Step);
        Assert.StartsWith("device: cpu (CUDA self-test failed on 2026-12-07", d.Reason);
        Assert.Contains("rope n=40: rel. L2 3.0E-2 over 1.0E-5", d.Reason);
    }

    [Fact]
    public void Decide_NoVerdict_RunsTheQuickSelfTestOnce()
    {
        Assert.Equal(AutoStep.SelfTest, AutoDecision.Decide(null, null, mayRunSelfTest: true).Step);
    }

    [Fact]
    public void Decide_NoVerdictAndSelfTestDisabled_CpuNamingTheCommand()
    {
        var d = AutoDecision.Decide(null, null, mayRunSelfTest: false);
        Assert.Equal(AutoStep.Cpu, d.Step);
        Assert.Contains("self-test not run", d.Reason);
        Assert.Contains("`longdoc selftest --device cuda --quick`", d.Reason);
    }

    [Fact]
    public void Verdict_AFailedCheck_TheFirstFailureAndNothingAfterIt()
    {
        int enumerated = 0;
        IEnumerable<CheckResult> Results()
        {
            enumerated++; yield return new CheckResult("add_f32", "f32", "n=1", 0, 0, null);
            enumerated++; yield return new CheckResult("rope", "f32", "n=40", 3e-2, 1e-5, null);
            enumerated++; yield return new CheckResult("sample", "exact", "n=50", double.NaN, 0, "CudaException: launch failed");
        }
        var v = QuickSelfTest.Verdict(H100, Results(), quick: true);
        Assert.False(v.Passed);
        Assert.Equal("rope n=40: rel. L2 3.0E-2 over 1.0E-5", v.Failure);
        Assert.Equal(2, enumerated);
        Assert.True(QuickSelfTest.Verdict(H100, [new CheckResult("add_f32", "f32", "n=1", 0, 0, null)], quick: true).Passed);
    }

    [Fact]
    public void QuickChecks_EveryKernelCheck_AllSizesButTheLargest()
    {
        Assert.Equal(KernelChecks.All.Select(c => c.Name), QuickSelfTest.Checks.Select(c => c.Name));
        Assert.All(KernelChecks.All.Zip(QuickSelfTest.Checks), p =>
            Assert.Equal(p.First.Sizes.Length > 1 ? p.First.Sizes[..^1] : p.First.Sizes, p.Second.Sizes));
    }
}
