using LongDoc.Runtime.Models;

namespace LongDoc.Runtime.Backends.Cuda.SelfTest;

/// <summary>
/// End to end: the same model on the CPU backend and on the CUDA backend, the logits of every position of one seeded
/// token sequence compared (worst relative L2 over positions). The sequence runs as one prefill batch (GEMM, prefill
/// attention) followed by <see cref="DecodeSteps"/> single tokens (GEMV, decode attention), so every op CudaBackend
/// runs on the device is exercised. F16 KV cache on both sides (the device attends over a byte copy of the CPU's), so
/// the differences are the kernels'. Bound 2e-2: the CPU's Q8_0/Q4_K dots quantize the activations to Q8 as llama.cpp
/// does while the kernels keep them, and prefill attention rounds q and P to f16 for the tensor cores.
/// </summary>
public static class ModelParity
{
    public const double Bound = 2e-2;
    public const int DecodeSteps = 4;

    /// <summary>The comparison on <paramref name="device"/> (the GPU, or <see cref="DeviceKind.CudaSim"/> for the simulated device);
    /// <paramref name="inspect"/> sees the device side's backend after the run (which paths it took); <paramref name="attention"/>
    /// replaces the default attention options on both sides (block-sparse settings).</summary>
    public static CheckResult Compare(string path, int seed, int tokens = 24, string? nvrtcPath = null, DeviceKind device = DeviceKind.Cuda,
        Action<IBackend>? inspect = null, Sparse.SparseAttentionOptions? attention = null)
    {
        string name = Path.GetFileName(path.TrimEnd('/'));
        try
        {
            var options = new RuntimeOptions { ContextSize = tokens, MaxBatch = tokens, KvCacheType = KvCacheType.F16, NvrtcPath = nvrtcPath };
            if (attention != null) options = options with { Attention = attention };
            using var cpu = ModelLoader.Load(path, options with { Device = DeviceKind.Cpu });
            using var cuda = ModelLoader.Load(path, options with { Device = device });
            int vocab = cpu.Config.VocabSize;
            var rng = new Random(seed);
            var ids = Enumerable.Range(0, tokens).Select(_ => rng.Next(vocab)).ToArray();
            var expected = new float[tokens * vocab];
            var actual = new float[tokens * vocab];
            new Span<float>(actual).Fill(float.NaN);   // poisoned: a position the CUDA path never writes cannot pass
            RunInSteps(cpu.Model, ids, expected, vocab);
            RunInSteps(cuda.Model, ids, actual, vocab);
            inspect?.Invoke(cuda.Backend);
            double worst = 0;
            for (int t = 0; t < tokens; t++)
                worst = Math.Max(worst, ParityMath.RelativeL2(expected.AsSpan(t * vocab, vocab), actual.AsSpan(t * vocab, vocab)));
            return new CheckResult($"model {name}", cpu.Config.Architecture, $"T={tokens} V={vocab}", worst, Bound, null);
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            return new CheckResult($"model {name}", "?", $"T={tokens}", double.NaN, Bound, $"{e.GetType().Name}: {e.Message.ReplaceLineEndings(" ")}");
        }
    }

    /// <summary>All but the last <see cref="DecodeSteps"/> tokens as one batch, then those one at a time.</summary>
    static void RunInSteps(ILanguageModel model, int[] ids, float[] logits, int vocab)
    {
        int prefill = Math.Max(1, ids.Length - DecodeSteps);
        model.Forward(ids.AsSpan(0, prefill), logits.AsSpan(0, prefill * vocab));
        for (int t = prefill; t < ids.Length; t++) model.Forward(ids.AsSpan(t, 1), logits.AsSpan(t * vocab, vocab));
    }
}
