using LongDoc.Runtime.Backends;
using LongDoc.Runtime.Backends.Cpu;
using LongDoc.Runtime.Backends.Cuda;
using LongDoc.Runtime.Backends.Cuda.Simulated;
using LongDoc.Runtime.Generation;
using LongDoc.Runtime.Layers;
using LongDoc.Runtime.Models;

namespace LongDoc.Runtime.Tests.Backends.Cuda.Simulated;

/// <summary>
/// The small ops behind the seam through <see cref="CudaBackend"/> on the simulated device equal the CPU backend's:
/// RoPE (plain, frequency factors, YaRN slices) bit for bit, routing (every variant the architectures use) with the same
/// experts and weights within rounding, argmax and sampling (the Sampler's chain with one seeded draw per token) with the
/// same tokens, and each call launched its kernel rather than falling back.
/// </summary>
public sealed class SimulatedSeamOpsTests : IDisposable
{
    readonly CpuBackend _cpu = new(1);
    readonly CudaBackend _sim = CudaBackend.OpenSimulated(1);

    public void Dispose()
    {
        _sim.Dispose();
        _cpu.Dispose();
    }

    long Launches(string entry) => ((SimulatedDevice)_sim.Device.Layer).Launches.GetValueOrDefault(entry);

    static float[] RandomFloats(Random rng, int n, float scale) => Enumerable.Range(0, n).Select(_ => (float)(rng.NextDouble() * 2 - 1) * scale).ToArray();

    public static TheoryData<string> Ropes() => ["neox", "norm", "llama3.1", "yarn-slices"];

    static (RopeParams P, int Heads, int Stride, int Offset) RopeCase(string name) => name switch
    {
        "neox" => (RopeParams.Plain(RopeStyle.Neox, 1_000_000f, 64), 4, 64, 0),
        "norm" => (RopeParams.Plain(RopeStyle.Norm, 10_000f, 64), 4, 64, 0),
        "llama3.1" => (RopeParams.Plain(RopeStyle.Norm, 500_000f, 64, [.. Enumerable.Range(0, 32).Select(i => 1f + i / 4f)]), 4, 64, 0),
        _ => (RopeParams.OfYarn(10_000f, 32, new RopeYarn(40f, 64, 1f)), 3, 96, 64),
    };

    [Theory]
    [MemberData(nameof(Ropes))]
    public void Rope_CudaSim_EqualsCpuBitForBit(string name)
    {
        var (p, heads, stride, offset) = RopeCase(name);
        const int Tokens = 5, Start = 700;
        var x = RandomFloats(new Random(1), Tokens * heads * stride, 1f);
        var expected = (float[])x.Clone();
        _cpu.Rope(expected, Tokens, heads, stride, offset, Start, p);
        _sim.Rope(x, Tokens, heads, stride, offset, Start, p);
        Assert.Equal(expected, x);
        Assert.Equal(1, Launches("rope"));
    }

    public static TheoryData<string> Routers() => ["qwen3moe", "mixtral", "deepseek-v2", "deepseek-v3", "ties"];

    static (int Experts, RouterOptions Options, bool Bias) RouterCase(string name) => name switch
    {
        "qwen3moe" => (128, new RouterOptions(8), false),
        "mixtral" => (8, new RouterOptions(2), false),
        "deepseek-v2" => (64, new RouterOptions(6, Normalize: false, Scale: 1f), false),
        "deepseek-v3" => (256, new RouterOptions(8, ExpertGating.Sigmoid, true, 2.5f, 8, 4), true),
        _ => (16, new RouterOptions(4, ExpertGating.Sigmoid, false, 0f, 4, 2), false),
    };

    [Theory]
    [MemberData(nameof(Routers))]
    public void Route_CudaSim_SameExpertsAndWeightsAsCpu(string name)
    {
        var (experts, o, withBias) = RouterCase(name);
        const int Tokens = 9;
        var rng = new Random(2);
        var logits = RandomFloats(rng, Tokens * experts, 4f);
        if (name == "ties") Array.Fill(logits, 0.25f, 0, 3 * experts);      // three tokens where every expert ties
        var bias = withBias ? RandomFloats(rng, experts, 0.1f) : [];
        var (ids, weights) = (new int[Tokens * o.Active], new float[Tokens * o.Active]);
        var (simIds, simWeights) = (new int[ids.Length], new float[ids.Length]);
        _cpu.Route((float[])logits.Clone(), Tokens, experts, o, bias, ids, weights);
        _sim.Route(logits, Tokens, experts, o, bias, simIds, simWeights);
        Assert.Equal(ids, simIds);
        for (int i = 0; i < weights.Length; i++) Assert.Equal(weights[i], simWeights[i], 1e-6f);
        Assert.Equal(1, Launches("moe_route"));
    }

    [Fact]
    public void Route_MoreExpertsThanTheKernelTakes_RunsOnCpuWithTheReason()
    {
        var o = new RouterOptions(2);
        Assert.NotNull(CudaRouting.CpuReason(CudaRouting.RouteOnCpu, new RouteCall(2048, o)));
        var logits = RandomFloats(new Random(3), 2048, 1f);
        var (ids, weights) = (new int[2], new float[2]);
        var (simIds, simWeights) = (new int[2], new float[2]);
        _cpu.Route((float[])logits.Clone(), 1, 2048, o, [], ids, weights);
        _sim.Route(logits, 1, 2048, o, [], simIds, simWeights);
        Assert.Equal(ids, simIds);
        Assert.Equal(weights, simWeights);
        Assert.Equal(0, Launches("moe_route"));
    }

    public static TheoryData<string> Samplings() => ["greedy", "greedy-penalty", "default", "top-k-1024", "top-p-penalty"];

    static SamplingOptions SamplingCase(string name) => name switch
    {
        "greedy" => SamplingOptions.Greedy,
        "greedy-penalty" => SamplingOptions.Greedy with { RepetitionPenalty = 1.5f, RepetitionWindow = 8 },
        "default" => new SamplingOptions { Seed = 11 },
        "top-k-1024" => new SamplingOptions { TopK = 1024, TopP = 0.9f, MinP = 0f, Temperature = 1.3f, Seed = 12 },
        _ => new SamplingOptions { TopK = 200, TopP = 0.8f, MinP = 0.02f, RepetitionPenalty = 1.3f, Seed = 13 },
    };

    [Theory]
    [MemberData(nameof(Samplings))]
    public void Sampler_CudaSim_SameTokensAsCpu(string name)
    {
        const int Vocabulary = 5000, Draws = 12;
        var options = SamplingCase(name);
        var rng = new Random(4);
        var (cpu, sim) = (new Sampler(Vocabulary, options, _cpu), new Sampler(Vocabulary, options, _sim));
        var history = new List<int>(Enumerable.Range(0, 20).Select(_ => rng.Next(Vocabulary)));
        for (int i = 0; i < Draws; i++)
        {
            var logits = RandomFloats(rng, Vocabulary, 5f);
            int expected = cpu.Sample(logits, history.ToArray());
            Assert.Equal(expected, sim.Sample(logits, history.ToArray()));
            history.Add(expected);
        }
        bool argmax = options.Temperature == 0 && options.RepetitionPenalty == 1f;
        Assert.Equal(argmax ? Draws : 0, Launches("argmax_f32"));
        Assert.Equal(argmax ? 0 : Draws, Launches("sample"));
    }

    [Fact]
    public void Sample_TopPWithoutTopK_RunsOnCpuWithTheReason()
    {
        var options = new SamplingOptions { TopK = 0, TopP = 0.9f, Seed = 5 };
        Assert.NotNull(CudaRouting.CpuReason(CudaRouting.SampleOnCpu, new SampleCall(5000, options)));
        var logits = RandomFloats(new Random(6), 5000, 5f);
        Assert.Equal(new Sampler(5000, options, _cpu).Sample(logits, []), new Sampler(5000, options, _sim).Sample(logits, []));
        Assert.Equal(0, Launches("sample"));
    }
}
