using System.Numerics.Tensors;
using LongDoc.Runtime.Backends;
using LongDoc.Runtime.Models;
using LongDoc.Runtime.Sparse;
using LongDoc.Runtime.Weights;

namespace LongDoc.Runtime.Layers;

/// <summary>
/// --explain-attention for a DSA layer: the positions one token's selection holds out of those it sees and, with
/// ExplainMass, the share of the dense attention mass on them: every head's dense softmax over all visible latent rows
/// (computed only for this report), summed at the selected positions.
/// </summary>
public static class SelectionTrace
{
    /// <summary>qc (H, R+Pe) the token's absorbed queries; <paramref name="scratch"/> holds at least H*visible floats.</summary>
    public static unsafe void Record(IBackend backend, AttentionTrace trace, bool mass, KvCache cache, int layer, ReadOnlySpan<float> qc,
        ReadOnlySpan<int> selected, int visible, int heads, float scale, float[] scratch)
    {
        trace.AddSelected(layer, selected.Length, visible);
        if (!mass) return;
        var rows = new WeightMatrix(cache.Type == KvCacheType.F32 ? GgmlType.F32 : GgmlType.F16, visible, cache.KeyLength, cache.Key(layer, 0, 0));
        var scores = scratch.AsSpan(0, heads * visible);                             // (H, P)
        backend.MatMul(rows, qc, scores, heads);
        TensorPrimitives.Multiply(scores, scale, scores);
        backend.Softmax(scores, visible);
        double captured = 0;
        for (int h = 0; h < heads; h++)
            foreach (int p in selected) captured += scores[h * visible + p];
        trace.AddMass(layer, captured, heads);
    }
}
