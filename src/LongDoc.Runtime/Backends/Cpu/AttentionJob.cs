using System.Numerics.Tensors;
using LongDoc.Runtime.Models;

namespace LongDoc.Runtime.Backends.Cpu;

/// <summary>
/// Causal GQA attention, one chunk per (token, head): scores (P) = K[0..P) q * 1/sqrt(Dk), softmax, o = sum_p s_p V[p].
/// Legend: T tokens, H heads, Hkv KV heads, Dk/Dv head dims, P = start + t + 1 visible positions.
/// Scores live in a per-thread buffer of the cache's capacity, allocated once per thread. The backend runs it for one
/// token (decode) when the model has fewer KV heads than threads; otherwise <see cref="TiledAttentionJob"/>, which
/// equals it per query to float rounding.
/// </summary>
internal sealed unsafe class AttentionJob : IParallelJob
{
    public float* Q;          // (T, H*Dk)
    public float* O;          // (T, H*Dv)
    public KvCache Cache = null!;
    public int Layer, Start, Heads;

    [ThreadStatic] static float[]? _scores;

    public void Execute(int chunk)
    {
        int t = chunk / Heads, h = chunk % Heads;
        int dk = Cache.KeyLength, dv = Cache.ValueLength, hkv = h / (Heads / Cache.KvHeads);
        int visible = Start + t + 1;
        if (_scores is null || _scores.Length < Cache.Capacity) _scores = new float[Cache.Capacity];
        var scores = _scores.AsSpan(0, visible);
        float* q = Q + ((long)t * Heads + h) * dk;
        float* o = O + ((long)t * Heads + h) * dv;
        float scale = 1f / MathF.Sqrt(dk);
        bool f16 = Cache.Type == KvCacheType.F16;
        byte* k = Cache.Key(Layer, hkv, 0);
        for (int p = 0; p < visible; p++, k += (long)dk * Cache.ElementBytes)
            scores[p] = scale * (f16 ? DotHalf<F16Format>.Dot((ushort*)k, q, dk) : DotF32.Dot((float*)k, q, dk));
        SoftmaxInPlace(scores);
        new Span<float>(o, dv).Clear();
        byte* v = Cache.Value(Layer, hkv, 0);
        for (int p = 0; p < visible; p++, v += (long)dv * Cache.ElementBytes)
        {
            if (f16) Axpy.F16(scores[p], (ushort*)v, o, dv);
            else Axpy.F32(scores[p], (float*)v, o, dv);
        }
    }

    /// <summary>exp(x - max) / sum: TensorPrimitives.SoftMax does not subtract the max, so large scores would overflow.</summary>
    public static void SoftmaxInPlace(Span<float> x)
    {
        if (x.IsEmpty) return;
        float max = TensorPrimitives.Max(x);
        TensorPrimitives.Subtract(x, max, x);
        TensorPrimitives.Exp(x, x);
        TensorPrimitives.Divide(x, TensorPrimitives.Sum(x), x);
    }
}
