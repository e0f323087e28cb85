using System.Numerics.Tensors;
using LongDoc.Runtime.Backends;
using LongDoc.Runtime.Models;
using LongDoc.Runtime.Weights;

namespace LongDoc.Runtime.Layers;

/// <summary>
/// MLA of one token in latent space over the positions the DSA indexer selected only: their cache rows [c | k_pe]
/// (R+Pe each, in the stored type) gathered into a (K, R+Pe) matrix, every head's scores (H, K) = absorbed queries
/// (H, R+Pe) times it, scaled, softmax, then the attention-weighted latent (H, R). Reads K rows whatever the context.
/// </summary>
public static class GatheredLatentAttention
{
    /// <summary>qc (H, R+Pe) -> ctx (H, R) over <paramref name="positions"/> of <paramref name="layer"/>.</summary>
    public static unsafe void Forward(IBackend backend, KvCache cache, int layer, ReadOnlySpan<float> qc, ReadOnlySpan<int> positions,
        int heads, float scale, int r, DsaScratch d, Span<float> ctx)
    {
        int n = positions.Length, rowBytes = cache.KeyLength * cache.ElementBytes;
        fixed (byte* g = d.Gathered)
        {
            for (int i = 0; i < n; i++)
                Buffer.MemoryCopy(cache.Key(layer, 0, positions[i]), g + (long)i * rowBytes, rowBytes, rowBytes);
            var rows = new WeightMatrix(cache.Type == KvCacheType.F32 ? GgmlType.F32 : GgmlType.F16, n, cache.KeyLength, g);
            var scores = d.GatheredScores.AsSpan(0, heads * n);                     // (H, K)
            backend.MatMul(rows, qc, scores, heads);
            TensorPrimitives.Multiply(scores, scale, scores);
            backend.Softmax(scores, n);
            backend.WeightedRowSum(rows, scores, heads, r, ctx);
        }
    }
}
