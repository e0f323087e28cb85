using LongDoc.Runtime.Models;

namespace LongDoc.Runtime.Backends.Cuda.SelfTest;

/// <summary>
/// End to end: the same model on the CPU backend and on the CUDA backend, the logits of every position of one seeded
/// token sequence compared (worst relative L2 over positions). F32 KV cache on both sides, so the only differences
/// are the kernels'. Bound 1e-3: f16/bf16/quantized weights are read the same way on both sides, what differs is f32
/// summation order.
/// </summary>
public static class ModelParity
{
    public const double Bound = 1e-3;

    public static CheckResult Compare(string path, int seed, int tokens = 24, string? nvrtcPath = null)
    {
        string name = Path.GetFileName(path.TrimEnd('/'));
        try
        {
            var options = new RuntimeOptions { ContextSize = tokens, MaxBatch = tokens, KvCacheType = KvCacheType.F32, NvrtcPath = nvrtcPath };
            using var cpu = ModelLoader.Load(path, options with { Device = DeviceKind.Cpu });
            using var cuda = ModelLoader.Load(path, options with { Device = DeviceKind.Cuda });
            int vocab = cpu.Config.VocabSize;
            var rng = new Random(seed);
            var ids = Enumerable.Range(0, tokens).Select(_ => rng.Next(vocab)).ToArray();
            var expected = new float[tokens * vocab];
            var actual = new float[tokens * vocab];
            new Span<float>(actual).Fill(float.NaN);   // poisoned: a position the CUDA path never writes cannot pass
            cpu.Model.Forward(ids, expected);
            cuda.Model.Forward(ids, actual);
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
}
