using LongDoc.Runtime.Backends.Cpu;
using LongDoc.Runtime.Backends.Cuda;
using LongDoc.Runtime.Backends.Cuda.Compile;
using LongDoc.Runtime.Backends.Cuda.Kernels.Checks;
using LongDoc.Runtime.Backends.Cuda.SelfTest;
using LongDoc.Runtime.Backends.Cuda.Simulated.Kernels;
using Xunit.Abstractions;

namespace LongDoc.Runtime.Tests.Backends.Cuda.Simulated;

/// <summary>
/// The kernel references of the simulated device against the GPU self-test's own checks (KernelChecks.All: the CPU
/// backend and the scalar references in Kernels/Reference as the oracle, each check's precision bound), at each
/// check's smallest size: the references agree with what a correct GPU kernel is checked against.
/// </summary>
public sealed class SimulatedKernelChecksTests(ITestOutputHelper output)
{
    [Fact]
    public void KernelReferences_EveryEntryPointOfKernels_HasExactlyOne()
    {
        var entries = KernelSources.All.SelectMany(s => s.EntryPoints).ToHashSet();
        var missing = entries.Where(e => !KernelReferences.All.ContainsKey(e)).ToList();
        var extra = KernelReferences.All.Keys.Where(e => !entries.Contains(e)).ToList();
        Assert.True(missing.Count == 0, $"no reference: {string.Join(", ", missing)}");
        Assert.True(extra.Count == 0, $"no such entry point: {string.Join(", ", extra)}");
    }

    [Fact]
    public void KernelChecks_OnSimulatedDevice_AllPass()
    {
        using var backend = CudaBackend.OpenSimulated(threads: 1);
        using var cpu = new CpuBackend(1);
        using var context = new CudaCheckContext(backend.Device, backend.Kernels, backend.Stream, cpu);
        var checks = KernelChecks.All.Select(k => k with { Sizes = [k.Sizes[0]] }).ToList();
        var results = SelfTestRunner.Run(context, checks, seed: 99).ToList();
        foreach (var r in results) output.WriteLine($"{r.Name} {r.Shape}: {r.RelativeL2:E2} (bound {r.Bound:E0}) {r.Error}");
        Assert.Equal(checks.Count, results.Count);
        Assert.All(results, r => Assert.True(r.Passed, $"{r.Name} {r.Shape}: {r.RelativeL2:E2} > {r.Bound:E0} {r.Error}"));
    }

    /// <summary>The self-test checks block_select where every visible block fits the budget (not only at one position),
    /// and the simulated kernel then selects them all, as the CPU reference does.</summary>
    [Fact]
    public void BlockSelect_EveryVisibleBlockFitsTheBudget_CheckedAndPasses()
    {
        var check = Assert.Single(KernelChecks.All, k => k.Name == "block_select");
        Assert.Contains(SelectionChecks.AllFit, check.Sizes);
        using var backend = CudaBackend.OpenSimulated(threads: 1);
        using var cpu = new CpuBackend(1);
        using var context = new CudaCheckContext(backend.Device, backend.Kernels, backend.Stream, cpu);
        var result = Assert.Single(SelfTestRunner.Run(context, [check with { Sizes = [SelectionChecks.AllFit] }], seed: 5));
        Assert.True(result.Passed, $"{result.Shape}: {result.RelativeL2:E2} {result.Error}");
    }
}
