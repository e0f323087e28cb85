using LongDoc.Runtime.Backends;
using LongDoc.Runtime.Backends.Cpu;
using LongDoc.Runtime.Models;

namespace LongDoc.Runtime.Layers;

/// <summary>
/// RoPE NORM (adjacent pairs x[2i], x[2i+1]; NEOX with <c>neox</c>: x[i], x[i + dims/2], as the DSA indexer of
/// deepseek32 rotates) over a slice of <c>dims</c> values, with optional YaRN, as ggml's rope_yarn
/// (<see cref="RopeParams.OfYarn"/> has the band and magnitude). The attention temperature goes into
/// <see cref="AttentionScale"/> (deepseek2.cpp, llama.cpp PR 17945).
/// </summary>
public sealed class YarnRope(float freqBase, int dims, RopeYarn? yarn, bool neox = false)
{
    /// <summary>What <see cref="IBackend.Rope"/> gets.</summary>
    public RopeParams Params { get; } = RopeParams.OfYarn(freqBase, dims, yarn, neox);

    public int Dims => dims;

    /// <summary>
    /// The softmax scale of a deepseek2 head of width <paramref name="headDim"/> (nope + rope): mscale^2 / sqrt(headDim)
    /// with mscale = 1 + 0.1 mscale_all_dim ln(factor) under YaRN, else 1 / sqrt(headDim).
    /// </summary>
    public static float AttentionScale(RopeYarn? yarn, int headDim)
    {
        float m = yarn is { Factor: > 1f } ? 1f + 0.1f * yarn.MscaleAllDim * MathF.Log(yarn.Factor) : 1f;
        return m * m / MathF.Sqrt(headDim);
    }

    /// <summary>Rotates the slice [offset, offset + dims) of each of the heads rows of stride per token of x (T, heads,
    /// stride) in place, for positions start..start+T-1: one backend op.</summary>
    public void Apply(IBackend backend, Span<float> x, int tokens, int heads, int stride, int offset, int start) =>
        backend.Rope(x, tokens, heads, stride, offset, start, Params);

    /// <summary>Rotates x (dims) in place for position <paramref name="pos"/> on the host, with the CPU backend's kernel
    /// (the DSA indexer's keys and queries, which Layers/LightningIndexer.cs computes in host memory).</summary>
    public void Rotate(Span<float> x, int pos) => RopeKernel.Apply(x, 1, 1, dims, 0, pos, Params);
}
