using LongDoc.Runtime.Backends.Cuda;
using LongDoc.Runtime.Backends.Cuda.SelfTest;
using LongDoc.Runtime.Backends.Cuda.Simulated;
using LongDoc.Runtime.Models;

namespace LongDoc.Runtime.Tests.Backends.Cuda.Simulated;

/// <summary>The whole-file parity tests' run: logits (T, V) of every position of one seeded sequence of T tokens, a
/// prefill of all but <see cref="ModelParity.DecodeSteps"/> tokens, then single tokens (GEMM, then GEMV); on the
/// simulated device, the launch counts.</summary>
static class SequenceLogits
{
    public static float[] Run(string path, RuntimeOptions options, int tokens, out IReadOnlyDictionary<string, long> launches)
    {
        using var model = ModelLoader.Load(path, options);
        int vocab = model.Config.VocabSize, prefill = tokens - ModelParity.DecodeSteps;
        var rng = new Random(5);
        var ids = Enumerable.Range(0, tokens).Select(_ => rng.Next(vocab)).ToArray();
        var logits = new float[tokens * vocab];
        model.Model.Forward(ids.AsSpan(0, prefill), logits.AsSpan(0, prefill * vocab));
        for (int t = prefill; t < tokens; t++) model.Model.Forward(ids.AsSpan(t, 1), logits.AsSpan(t * vocab, vocab));
        launches = model.Backend is CudaBackend { Device.Layer: SimulatedDevice sim } ? sim.Launches : new Dictionary<string, long>();
        return logits;
    }
}
