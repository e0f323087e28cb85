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

    /// <summary>The routed experts of f16 and Q4_K MoE models run as grouped device calls, and the logits stay the CPU's.</summary>
    [Theory]
    [InlineData(GgmlType.F16, 64, 32)]
    [InlineData(GgmlType.Q4_K, 256, 256)]
    public void Experts_MoeModelOnGpu_GroupedCallTakenAndLogitsMatchCpu(GgmlType type, int hidden, int ffn)
    {
        using var backend = OpenOrNote();
        if (backend == null) return;
        var spec = new RandomModelSpec { Architecture = "qwen3moe", WeightType = type, Embedding = hidden, ExpertFfn = ffn, Heads = 2, KvHeads = 1, HeadDim = 128, Seed = 7 };
        var dir = Directory.CreateTempSubdirectory("longdoc-cuda-experts-");
        try
        {
            string path = Path.Combine(dir.FullName, "moe.gguf");
            RandomModelWriter.WriteGguf(spec, path);
            using var files = Runtime.Models.ModelFiles.Open(path);
            using var cpu = new CpuBackend(2);
            int tokens = 12, v = files.Config.VocabSize;
            var ids = Enumerable.Range(0, tokens).Select(t => (t * 31 + 7) % v).ToArray();
            float[] Logits(Runtime.Backends.IBackend b)
            {
                var model = new Runtime.Models.TransformerModel(files.Config, files.Weights, b, 16, Runtime.Models.KvCacheType.F16, maxBatch: 16);
                var logits = new float[tokens * v];
                model.Forward(ids.AsSpan(0, tokens - 1), logits.AsSpan(0, (tokens - 1) * v));
                model.Forward(ids.AsSpan(tokens - 1, 1), logits.AsSpan((tokens - 1) * v, v));
                return logits;
            }
            var expected = Logits(cpu);
            var actual = Logits(backend);
            Assert.Equal(2 * spec.Layers, backend.ExpertCalls);   // one prefill batch and one decode step per layer
            double worst = Enumerable.Range(0, tokens).Max(t => ParityMath.RelativeL2(expected.AsSpan(t * v, v), actual.AsSpan(t * v, v)));
            output.WriteLine($"{type}: {backend.ExpertCalls} grouped expert calls, worst relative L2 {worst:E2}");
            Assert.True(worst < ModelParity.Bound, $"{type}: relative L2 {worst:E2}");
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
