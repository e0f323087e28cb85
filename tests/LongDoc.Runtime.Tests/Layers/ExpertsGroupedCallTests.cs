using LongDoc.Runtime.Backends;
using LongDoc.Runtime.Backends.Cpu;
using LongDoc.Runtime.Backends.Cuda.SelfTest;
using LongDoc.Runtime.Models;
using LongDoc.Runtime.Tests.Weights;
using LongDoc.Runtime.Weights;
using LongDoc.Testing.RandomModels;

namespace LongDoc.Runtime.Tests.Layers;

/// <summary>
/// Layers/Experts.cs hands a MoE layer to a backend's grouped expert call (IExpertBackend) when it takes it, and runs
/// its own per-expert path, unchanged, when it declines. The grouped reference (the CUDA path's kernels as scalar code)
/// gives the per-expert path's logits, shared experts and the routed scale included.
/// </summary>
public sealed class ExpertsGroupedCallTests : IDisposable
{
    readonly TempFolder _dir = new();
    public void Dispose() => _dir.Dispose();

    const int Tokens = 9;

    public static TheoryData<string> Specs() => ["qwen3moe", "deepseek2-v3like", "mixtral-f16"];

    static RandomModelSpec Spec(string name) => name switch
    {
        "qwen3moe" => new() { Architecture = "qwen3moe", Seed = 21 },
        "qwen3moe-6" => new() { Architecture = "qwen3moe", Experts = 6, Seed = 24 },
        "deepseek2-v3like" => new() { Architecture = "deepseek2", Layers = 3, QLoraRank = 32, Gating = ExpertGating.Sigmoid, RouterBias = true,
            Experts = 8, ExpertsUsed = 2, Groups = 4, GroupsUsed = 2, RoutedScale = 2.5f, NormTopK = true, Seed = 22 },
        "mixtral-f16" => new() { Architecture = "llama", Experts = 4, ExpertsUsed = 2, WeightType = GgmlType.F16, Seed = 23 },
        _ => throw new ArgumentException(name),
    };

    /// <summary>Prefill of <see cref="Tokens"/> - 2 tokens then two decode steps; logits (Tokens, V).</summary>
    float[] Run(string name, IBackend backend)
    {
        string path = _dir.File(name + ".gguf");
        if (!File.Exists(path)) RandomModelWriter.WriteGguf(Spec(name), path);
        using var files = ModelFiles.Open(path);
        var model = new TransformerModel(files.Config, files.Weights, backend, 32, KvCacheType.F32, maxBatch: 16);
        int v = files.Config.VocabSize;
        var ids = Enumerable.Range(0, Tokens).Select(t => (t * 37 + 5) % v).ToArray();
        var logits = new float[Tokens * v];
        model.Forward(ids.AsSpan(0, Tokens - 2), logits.AsSpan(0, (Tokens - 2) * v));
        for (int t = Tokens - 2; t < Tokens; t++) model.Forward(ids.AsSpan(t, 1), logits.AsSpan(t * v, v));
        return logits;
    }

    [Theory]
    [MemberData(nameof(Specs))]
    public void Forward_BackendTakesTheGroupedCall_LogitsMatchThePerExpertPath(string name)
    {
        using var cpu = new CpuBackend(1);
        var expected = Run(name, cpu);
        using var grouped = new GroupedReferenceBackend(accept: true);
        var actual = Run(name, grouped);
        Assert.True(grouped.Calls >= 3, $"{name}: {grouped.Calls} grouped calls");
        double error = Enumerable.Range(0, Tokens).Max(t =>
            ParityMath.RelativeL2(expected.AsSpan(t * (expected.Length / Tokens), expected.Length / Tokens),
                actual.AsSpan(t * (actual.Length / Tokens), actual.Length / Tokens)));
        // f32 weights: only the summation order differs; f16: the CPU's f16 dot rounds as the reference's double sums do not
        double bound = Spec(name).WeightType == GgmlType.F32 ? 1e-4 : 1e-3;
        Assert.True(error < bound, $"{name}: relative L2 {error}");
    }

    [Theory]
    [MemberData(nameof(Specs))]
    public void Forward_BackendDeclinesTheGroupedCall_PerExpertPathBitForBit(string name)
    {
        using var cpu = new CpuBackend(1);
        var expected = Run(name, cpu);
        using var declining = new GroupedReferenceBackend(accept: false);
        var actual = Run(name, declining);
        Assert.True(declining.Calls >= 3, $"{name}: asked {declining.Calls} times");
        Assert.Equal(expected, actual);
    }

    [Fact]
    public void Prepare_GgufExpertTensors_PreparedWholeOncePerLayer()
    {
        var spec = Spec("qwen3moe-6");   // E*F, E*D: shapes no other matrix of the model has
        using var backend = new GroupedReferenceBackend(accept: true);
        Run("qwen3moe-6", backend);
        int e = spec.Experts, f = spec.ExpertFfn, d = spec.Embedding;
        Assert.Equal(2 * spec.Layers, backend.Prepared.Count(p => p == (e * f, d)));   // gate, up (E*F, D)
        Assert.Equal(spec.Layers, backend.Prepared.Count(p => p == (e * d, f)));       // down (E*D, F)
        Assert.DoesNotContain((f, d), backend.Prepared);                              // no single expert on its own
    }
}
