using LongDoc.Runtime.Backends;
using LongDoc.Runtime.Backends.Cpu;
using LongDoc.Runtime.Backends.Cuda.Bench;
using LongDoc.Runtime.Backends.Cuda.Compile;
using LongDoc.Runtime.Backends.Cuda.Interop;
using LongDoc.Runtime.Backends.Cuda.SelfTest;
using LongDoc.Runtime.Models;

namespace LongDoc.Runtime.Tests.Backends.Cuda;

/// <summary>The self-test's parts that need no GPU: the comparison, the registries, the device choice.</summary>
public sealed class SelfTestRegistryTests
{
    [Fact]
    public void RelativeL2_NaNOrInfinityInActual_NeverPasses()
    {
        float[] expected = [1, 2, 3];
        Assert.Equal(0, ParityMath.RelativeL2(expected, [1, 2, 3]));
        Assert.Equal(double.PositiveInfinity, ParityMath.RelativeL2(expected, [1, float.NaN, 3]));
        Assert.Equal(double.PositiveInfinity, ParityMath.RelativeL2(expected, [1, float.PositiveInfinity, 3]));
        Assert.Equal(double.PositiveInfinity, ParityMath.RelativeL2(expected, [1, 2]));
        Assert.False(new CheckResult("k", "f32", "n=3", double.PositiveInfinity, 1e300, null).Passed);
        Assert.False(new CheckResult("k", "f32", "n=3", double.NaN, 1, null).Passed);
        Assert.False(new CheckResult("k", "f32", "n=3", 0, 1, "boom").Passed);
        Assert.True(new CheckResult("k", "f32", "n=3", 1e-7, 1e-6, null).Passed);
        Assert.Equal(0.1, ParityMath.RelativeL2([3, 4], [3, 3.5f]), 6);
    }

    [Fact]
    public void KernelChecks_EveryName_IsAnEntryPointOfAnEmbeddedKernel()
    {
        Assert.NotEmpty(KernelChecks.All);
        foreach (var check in KernelChecks.All)
        {
            Assert.NotNull(KernelSources.Declaring(check.Name));
            Assert.True(check.Sizes.Length >= 2, $"{check.Name}: several sizes");
            Assert.InRange(check.Bound, 0, 1e-2);
        }
        Assert.Equal(KernelChecks.All.Count, KernelChecks.All.Select(c => c.Name).Distinct().Count());
    }

    [Fact]
    public void KernelBenches_EveryName_IsAnEntryPointOfAnEmbeddedKernel()
    {
        foreach (var (name, _) in KernelBenches.All) Assert.NotNull(KernelSources.Declaring(name));
    }

    [Fact]
    public void EntryPoints_AcrossAllKernelFiles_AreUnique()
    {
        var all = KernelSources.All.SelectMany(s => s.EntryPoints).ToList();
        Assert.Equal(all.Count, all.Distinct(StringComparer.Ordinal).Count());
        Assert.Equal(["embedding_f32", "embedding_f16", "embedding_bf16", "embedding_q8_0"], KernelSources.All.Single(s => s.FileName == "embedding.cu").EntryPoints);
    }

    [Fact]
    public void FindEntryPoints_LaunchBoundsAndLineBreaks_AreRecognised()
    {
        const string text = "extern \"C\" __global__ __launch_bounds__(256, 2) void a_f32(float* x)\n{}\nextern \"C\"\n__global__ void b(int n) {}\n__global__ void not_exported() {}\n" +
                            "extern \"C\" __global__ void __launch_bounds__(128) c_bf16 (const unsigned short* x) {}";
        Assert.Equal(["a_f32", "b", "c_bf16"], KernelSources.FindEntryPoints(text));
    }

    [Fact]
    public void BackendFactory_AutoWithoutGpu_FallsBackToCpuSayingWhy()
    {
        var lines = new List<string>();
        using var backend = BackendFactory.Create(new RuntimeOptions { Device = DeviceKind.Auto, Threads = 1, Log = lines.Add });
        var line = Assert.Single(lines);
        if (backend is CpuBackend)
            Assert.StartsWith("device: cpu (CUDA not used: ", line);
        else
            Assert.StartsWith("device: cuda ", line);
    }

    [Fact]
    public void BackendFactory_CudaWithoutGpu_ThrowsWithLikelyCauses()
    {
        try
        {
            using var backend = BackendFactory.Create(new RuntimeOptions { Device = DeviceKind.Cuda, Threads = 1 });
            Assert.Equal("cuda", backend.Name);   // a machine with a GPU
        }
        catch (CudaUnavailableException e)
        {
            Assert.NotEmpty(e.LikelyCauses);
        }
    }

    [Fact]
    public void BackendFactory_Cpu_IsTheCpuBackendWithoutNotice()
    {
        var lines = new List<string>();
        using var backend = BackendFactory.Create(new RuntimeOptions { Device = DeviceKind.Cpu, Threads = 1, Log = lines.Add });
        Assert.IsType<CpuBackend>(backend);
        Assert.Empty(lines);
    }
}
