using LongDoc.Runtime.Backends;
using LongDoc.Runtime.Backends.Cuda;
using LongDoc.Runtime.Backends.Cuda.SelfTest;
using LongDoc.Runtime.Backends.Cuda.Simulated;
using LongDoc.Runtime.Backends.Placement;
using LongDoc.Runtime.Models;
using LongDoc.Runtime.Weights;
using LongDoc.Testing.RandomModels;
using Xunit.Abstractions;

namespace LongDoc.Runtime.Tests.Backends.Placement;

/// <summary>
/// Placed models on the simulated device (<c>--device cuda-sim</c>) with a small device memory: the logits of every position
/// of a prefill and <see cref="DecodeSteps"/> decode steps equal the CPU backend's within <see cref="ModelParity.Bound"/>,
/// the device holds what the plan says (the most the simulated device held during the run is at most the plan's device
/// total, and it refuses allocations past its size), and the parts placed on the host never reached the device.
/// </summary>
public sealed class PlacementParityTests(ITestOutputHelper output)
{
    const int Tokens = 24, DecodeSteps = 4;

    static readonly RandomModelSpec Qwen3Moe = new()
    {
        Architecture = "qwen3moe", WeightType = GgmlType.F16, Experts = 4, Ffn = 128, ExpertFfn = 128, Embedding = 128,
        Heads = 4, KvHeads = 2, HeadDim = 64, Seed = 3,
    };

    static readonly RandomModelSpec DeepSeek2 = new() { Architecture = "deepseek2", WeightType = GgmlType.F16, Embedding = 128, ExpertFfn = 64, Ffn = 128, Seed = 3 };

    static readonly RuntimeOptions Options = new() { ContextSize = Tokens, MaxBatch = Tokens, KvCacheType = KvCacheType.F16 };

    /// <summary>--gpu-layers 1 on a device sized so that prefill must run in chunks of 8 tokens: layer 0 on the device, layer 1
    /// and the output on the CPU, only layer 0's weights uploaded.</summary>
    [Fact]
    public void Qwen3MoeGpuLayersOne_SmallSimulatedDevice_MatchesCpuInChunks()
    {
        Run(Qwen3Moe, Options with { GpuLayers = 1 }, chunk: 8, (plan, cuda, launches) =>
        {
            Assert.Equal((1, false, 8), (plan.DeviceLayers, plan.OutputOnDevice, plan.Batch));
            Assert.Equal(plan.Device.Weights, cuda.Weights.Bytes);
            Assert.True(launches.GetValueOrDefault("moe_permute") > 0, "layer 0's experts did not run on the device");
        });
    }

    /// <summary>--experts cpu: attention, router and output on the device, the routed experts never uploaded and never
    /// launched (the CPU ran them).</summary>
    [Fact]
    public void Qwen3MoeExpertsCpu_SimulatedDevice_MatchesCpuWithoutExpertLaunches()
    {
        Run(Qwen3Moe, Options with { Experts = ExpertPlacement.Cpu }, chunk: 0, (plan, cuda, launches) =>
        {
            Assert.Equal((2, true), (plan.DeviceLayers, plan.OutputOnDevice));
            Assert.Equal(plan.Device.Weights, cuda.Weights.Bytes);
            Assert.Equal(0, cuda.ExpertCalls);
            Assert.Equal(0, launches.GetValueOrDefault("moe_permute"));
            Assert.True(launches.GetValueOrDefault("attn_prefill_f16_64_64") > 0, "attention did not run on the device");
        });
    }

    /// <summary>deepseek2 (MLA, a leading dense layer, shared experts) with --experts cpu: the shared experts and the dense
    /// layer stay on the device.</summary>
    [Fact]
    public void DeepSeek2ExpertsCpu_SimulatedDevice_MatchesCpu()
    {
        Run(DeepSeek2, Options with { Experts = ExpertPlacement.Cpu }, chunk: 0, (plan, cuda, launches) =>
        {
            Assert.Equal(2, plan.DeviceLayers);
            Assert.Equal(plan.Device.Weights, cuda.Weights.Bytes);
            Assert.Equal(0, cuda.ExpertCalls);
            Assert.True(launches.GetValueOrDefault("gemm_f16") > 0, "no projection ran on the device");
        });
    }

    /// <summary>The model, a device of the size the plan needs for prefill chunks of <paramref name="chunk"/> tokens (0: 8 MiB),
    /// loaded on it and on the CPU; <paramref name="check"/> sees the plan, the backend and the launches after the run.</summary>
    void Run(RandomModelSpec spec, RuntimeOptions options, int chunk, Action<PlacementPlan, CudaBackend, IReadOnlyDictionary<string, long>> check)
    {
        var dir = Directory.CreateTempSubdirectory("longdoc-placement-parity-");
        try
        {
            string path = Path.Combine(dir.FullName, "model.gguf");
            RandomModelWriter.WriteGguf(spec, path);
            long memory = chunk == 0 ? 8 << 20 : DeviceFor(path, options, chunk);
            using var cpu = ModelLoader.Load(path, options with { Device = DeviceKind.Cpu });
            using var sim = ModelLoader.Load(path, options with { Device = DeviceKind.CudaSim, SimulatedDeviceMemory = memory });
            var ids = Enumerable.Range(0, Tokens).Select(i => (i * 37 + 11) % spec.Vocab).ToArray();
            var expected = Logits(cpu.Model, ids);
            var actual = Logits(sim.Model, ids);
            double worst = Enumerable.Range(0, Tokens).Max(t =>
                ParityMath.RelativeL2(expected.AsSpan(t * spec.Vocab, spec.Vocab), actual.AsSpan(t * spec.Vocab, spec.Vocab)));
            var cuda = (CudaBackend)sim.Backend;
            var device = (SimulatedDevice)cuda.Device.Layer;
            var launches = device.Launches;
            var plan = sim.Transformer.Placement.Plan!;
            output.WriteLine($"{spec.Architecture}: {plan.Summary()}; worst relative L2 {worst:E2}; device memory {memory}, peak {device.Memory.Peak}");
            Assert.True(worst <= ModelParity.Bound, $"worst relative L2 {worst:E2} > {ModelParity.Bound:E0}");
            Assert.True(device.Memory.Peak <= plan.Device.Total, $"the run took {device.Memory.Peak} bytes of device memory, the plan {plan.Device.Total}");
            check(plan, cuda, launches);
        }
        finally { dir.Delete(true); }
    }

    /// <summary>Device bytes whose plan (free memory less 1/16 kept) holds the weights, the KV cache and the scratch of <paramref name="chunk"/> tokens.</summary>
    static long DeviceFor(string path, RuntimeOptions options, int chunk)
    {
        using var files = ModelFiles.Open(path);
        var (_, roomy) = ModelLoader.Plan(files, options, 1L << 30, 132);
        var footprint = ModelFootprint.Of(files.Config, files.Weights, options.KvCacheType, options.Attention, options.MaxBatch);
        long needed = roomy!.Device.Weights + roomy.Device.KvCache + footprint.ScratchBytes(chunk, experts: true, output: false, 132);
        return needed * 16 / 15 + 16;
    }

    /// <summary>Every position's logits: all but the last <see cref="DecodeSteps"/> tokens as one prefill, then one at a time.</summary>
    static float[] Logits(ILanguageModel model, int[] ids)
    {
        int vocab = model.Config.VocabSize, prefill = ids.Length - DecodeSteps;
        var logits = new float[ids.Length * vocab];
        model.Forward(ids.AsSpan(0, prefill), logits.AsSpan(0, prefill * vocab));
        for (int t = prefill; t < ids.Length; t++) model.Forward(ids.AsSpan(t, 1), logits.AsSpan(t * vocab, vocab));
        return logits;
    }
}
