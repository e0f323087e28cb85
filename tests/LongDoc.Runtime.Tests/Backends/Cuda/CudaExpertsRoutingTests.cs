using LongDoc.Runtime.Backends.Cuda;
using LongDoc.Runtime.Backends.Cuda.Compile;
using LongDoc.Runtime.Backends.Cuda.Kernels;
using LongDoc.Runtime.Tests.Backends.Cuda.Kernels;
using LongDoc.Runtime.Weights;

namespace LongDoc.Runtime.Tests.Backends.Cuda;

/// <summary>
/// Which MoE layers CudaBackend runs as one grouped expert call and which it leaves to the per-expert path, and that
/// every grouped call it accepts has entry points and launch shapes: checked without a GPU.
/// </summary>
public sealed class CudaExpertsRoutingTests
{
    [Theory]
    [InlineData(GgmlType.F16, GgmlType.F16, 2048, 768, 128, 8, 512, CudaPath.Experts)]      // Qwen3-30B-A3B prefill
    [InlineData(GgmlType.BF16, GgmlType.BF16, 2048, 768, 128, 8, 1, CudaPath.Experts)]      // decode: one token
    [InlineData(GgmlType.Q4_K, GgmlType.Q8_0, 2048, 1536, 64, 6, 9, CudaPath.Experts)]      // down of another type
    [InlineData(GgmlType.Q4_K, GgmlType.Q6_K, 2048, 768, 128, 8, 512, CudaPath.Experts)]    // Q4_K_M's Q6_K down layers
    [InlineData(GgmlType.Q4_K, GgmlType.Q4_K, 2048, 1408, 64, 6, 512, CudaPath.Cpu)]        // F=1408 is no multiple of 256
    [InlineData(GgmlType.Q4_K, GgmlType.Q5_0, 2048, 1408, 64, 6, 1, CudaPath.Experts)]      // V2-Lite at Q4_K_M: Q5_0 down
    [InlineData(GgmlType.Q3_K, GgmlType.Q5_0, 2048, 1408, 64, 6, 512, CudaPath.Experts)]    // ... at Q3_K_M
    [InlineData(GgmlType.IQ4_XS, GgmlType.IQ4_NL, 2048, 1408, 64, 6, 9, CudaPath.Experts)]  // ... at IQ4_XS
    [InlineData(GgmlType.Q8_0, GgmlType.Q8_0, 48, 64, 8, 2, 4, CudaPath.Cpu)]               // D=48: not whole 32-value blocks
    [InlineData(GgmlType.F32, GgmlType.F32, 64, 32, 4, 2, 8, CudaPath.Cpu)]                 // f32 test models
    [InlineData(GgmlType.Q4_0, GgmlType.Q4_0, 2048, 768, 128, 8, 8, CudaPath.Experts)]
    [InlineData(GgmlType.Q5_K, GgmlType.Q5_K, 2048, 768, 128, 8, 8, CudaPath.Experts)]
    [InlineData(GgmlType.IQ2_XXS, GgmlType.IQ2_XXS, 7168, 2048, 256, 8, 8, CudaPath.Experts)] // DeepSeek-V3 at IQ2_XXS
    [InlineData(GgmlType.IQ1_S, GgmlType.IQ1_M, 7168, 2048, 256, 8, 1, CudaPath.Experts)]
    [InlineData(GgmlType.IQ3_XXS, GgmlType.IQ3_XXS, 2048, 1408, 64, 6, 8, CudaPath.Cpu)]    // 256-value blocks, F=1408
    [InlineData(GgmlType.F16, GgmlType.F16, 64, 32, 2048, 8, 8, CudaPath.Cpu)]              // moe_permute sorts for at most 1024 experts
    [InlineData(GgmlType.F16, GgmlType.F16, 64, 32, 4, 8, 8, CudaPath.Cpu)]                 // more active than experts
    [InlineData(GgmlType.F16, GgmlType.F16, 64, 32, 4, 2, 0, CudaPath.Cpu)]
    public void Experts_TypesWidthsAndCounts_RoutedToTheGroupedCallOrCpu(GgmlType gateUp, GgmlType down, int hidden, int ffn,
        int experts, int active, int tokens, CudaPath expected) =>
        Assert.Equal(expected, CudaRouting.Experts(gateUp, gateUp, down, experts, active, hidden, ffn, tokens));

    [Fact]
    public void Experts_GateAndUpOfDifferentTypes_Cpu() =>
        Assert.Equal(CudaPath.Cpu, CudaRouting.Experts(GgmlType.Q4_K, GgmlType.Q8_0, GgmlType.Q8_0, 8, 2, 256, 256, 4));

    [Fact]
    public void ExpertsTable_DeviceTypes_AreExactlyTheKernelWeightTypesWithMoeGemmEntryPoints()
    {
        var onDevice = CudaRouting.ExpertsOnDevice.Where(p => p.Value).Select(p => p.Key).Order().ToArray();
        Assert.Equal(KernelTypes.WeightTypes.Order(), onDevice);
        foreach (var type in onDevice)
            foreach (bool swiglu in new[] { true, false })
            {
                var c = MoeGemmLauncher.Configure(new MoeGemmShape(8, 4, 2, 256, 256, type, swiglu));
                Assert.NotNull(KernelSources.Declaring(c.Entry));
            }
    }

    /// <summary>Every bench model layer the routing sends to the device: its four launches configure, in prefill and decode.</summary>
    [Theory]
    [MemberData(nameof(LaunchConfigTests.Models), MemberType = typeof(LaunchConfigTests))]
    public void Experts_BenchModelsOnDevice_EveryLaunchConfigures(BenchModelShape m)
    {
        int accepted = 0;
        foreach (var type in CudaRouting.ExpertsOnDevice.Keys)
            foreach (int t in new[] { 1, 512 })
            {
                if (CudaRouting.Experts(type, type, type, m.E, m.A, m.D, m.F, t) != CudaPath.Experts) continue;
                var plan = new ExpertPlan(t, m.A, m.E, m.D, m.F, type, type);
                MoePermuteLauncher.Configure(t, m.A, m.E);
                var gateUp = MoeGemmLauncher.Configure(plan.GateUp);
                Assert.Equal((uint)(KernelTypes.CeilDiv(plan.Rows, 64) + m.E), gateUp.Grid.X);
                Assert.Equal((uint)KernelTypes.CeilDiv(m.F, 64), gateUp.Grid.Y);
                Assert.Equal((uint)KernelTypes.CeilDiv(m.D, 64), MoeGemmLauncher.Configure(plan.Down).Grid.Y);
                MoeUnpermuteLauncher.Configure(t, m.A, m.D);
                accepted++;
            }
        Assert.True(accepted >= 6, $"{m.Name}: only {accepted} type/batch pairs on the device");
    }
}
