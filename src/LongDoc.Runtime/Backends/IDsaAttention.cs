using LongDoc.Runtime.Models;

namespace LongDoc.Runtime.Backends;

/// <summary>
/// A backend that runs DeepSeek Sparse Attention's prefill as its own ops (README "Long contexts"); the layers run
/// them one token at a time through <see cref="IBackend"/> otherwise. Legend as <see cref="DsaScratch"/>.
/// </summary>
public interface IDsaAttention
{
    /// <summary>
    /// The indexer's selection of tokens start..start+T-1 of <paramref name="layer"/>: from the rotated queries
    /// <see cref="DsaScratch.Q"/> (T, Hi*Di) and the scaled head weights <see cref="DsaScratch.W"/> (T, Hi), score(t, s)
    /// = sum_h w_h ReLU(q_h . k_s) against the cached keys s &lt;= start+t, and the top min(top_k, start+t+1) positions
    /// (<see cref="Layers.TopPositions"/>) into <see cref="DsaScratch.Selected"/> and <see cref="DsaScratch.Counts"/>.
    /// </summary>
    void IndexSelect(IndexKeyCache keys, int layer, int start, int tokens, int heads, DsaScratch d);

    /// <summary>
    /// MLA in latent space of batch tokens t0..t0+T-1 over their selected positions only: qc (T, H, R+Pe) absorbed
    /// queries against the gathered cache rows [c | k_pe], scaled, softmax, ctx (T, H, R) the weighted latent.
    /// </summary>
    void GatheredAttention(KvCache cache, int layer, ReadOnlySpan<float> qc, int t0, int tokens, int heads, float scale, int r, DsaScratch d, Span<float> ctx);
}
