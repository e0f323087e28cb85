using LongDoc.Runtime.Backends.Cpu;
using LongDoc.Runtime.Backends.Cuda;
using LongDoc.Runtime.Backends.Cuda.SelfTest;
using LongDoc.Testing.RandomModels;
using LongDoc.Runtime.Weights;
using Xunit.Abstractions;

namespace LongDoc.Runtime.Tests.Backends.Cuda;

/// <summary>
/// On a machine with an NVIDIA GPU (the GPU script runs these): every registered kernel check, and the logits of a
/// tiny random model of every architecture on the CUDA backend against the CPU backend. Without a GPU they pass with
/// a note in their output: CI has none, and xunit 2 has no dynamic skip.
/// </summary>
public sealed class CudaGpuTests(ITestOutputHelper output)
{
    public static TheoryData<string> Architectures() =>
        ["qwen3moe", "qwen3", "deepseek2", "llama", "llama-moe"];

    [Fact]
    public void KernelChecks_OnGpu_AllPass()
    {
        using var backend = OpenOrNote();
        if (backend == null) return;
        using var cpu = new CpuBackend(2);
        using var context = new CudaCheckContext(backend.Device, backend.Kernels, backend.Stream, cpu);
        var results = SelfTestRunner.Run(context, KernelChecks.All, seed: 99).ToList();
        foreach (var r in results) output.WriteLine($"{r.Name} {r.Shape}: {r.RelativeL2:E2} (bound {r.Bound:E0}) {r.Error}");
        Assert.All(results, r => Assert.True(r.Passed, $"{r.Name} {r.Shape}: {r.RelativeL2:E2} > {r.Bound:E0} {r.Error}"));
    }

    [Theory]
    [MemberData(nameof(Architectures))]
    public void ModelLogits_CudaBackend_MatchCpuBackend(string architecture)
    {
        using (var probe = OpenOrNote()) if (probe == null) return;
        var spec = architecture switch
        {
            "llama-moe" => new RandomModelSpec { Architecture = "llama", Experts = 4, ExpertsUsed = 2, Seed = 3 },
            "llama" => new RandomModelSpec { Architecture = "llama", Experts = 0, Seed = 3 },
            _ => new RandomModelSpec { Architecture = architecture, Seed = 3, WeightType = GgmlType.F16 },
        };
        var dir = Directory.CreateTempSubdirectory("longdoc-cuda-parity-");
        try
        {
            string path = Path.Combine(dir.FullName, $"{architecture}.gguf");
            RandomModelWriter.WriteGguf(spec, path);
            var r = ModelParity.Compare(path, seed: 5, tokens: 16);
            output.WriteLine($"{architecture}: worst relative L2 {r.RelativeL2:E2} {r.Error}");
            Assert.True(r.Passed, $"{architecture}: {r.RelativeL2:E2} > {r.Bound:E0} {r.Error}");
        }
        finally { dir.Delete(true); }
    }

    CudaBackend? OpenOrNote()
    {
        if (CudaDevice.TryOpen(0, out string why) is not { } device)
        {
            output.WriteLine($"no CUDA device, nothing run: {why}");
            return null;
        }
        device.Dispose();
        if (!NvrtcRequirement.Available(output)) return null;
        return CudaBackend.Open(threads: 2, log: output.WriteLine);
    }
}
