using LongDoc.Runtime.Backends;
using LongDoc.Runtime.Models;
using LongDoc.Runtime.Weights;

namespace LongDoc.Runtime.Layers;

/// <summary>
/// The lightning indexer of DeepSeek Sparse Attention (DeepSeek-V3.2-Exp inference/model.py, llama.cpp's
/// src/models/deepseek32.cpp): it picks, per query token, the top-k cached positions MLA attends to.
/// Legend: T tokens, P positions, D hidden, Rq q_lora, Hi index heads, Di index key length, Pe rope width.
/// q: the MLA q-LoRA output qa (T, Rq) -> attn_q_b (Hi*Di, Rq) -> (T, Hi, Di), RoPE on the first Pe of each head
/// k: x (T, D) -> attn_k (Di, D) -> LayerNorm (weight and bias, eps 1e-6) -> RoPE on the first Pe; one key per token
/// both rotated by the normalized Hadamard transform (<see cref="Hadamard"/>); RoPE with MLA's frequencies (YaRN
/// included), NEOX for deepseek32, NORM for glm-dsa.
/// w = proj (Hi, D) x / sqrt(Hi*Di); score(t, s) = sum_h w_h ReLU(q_h . k_s) over s &lt;= t; the top min(top_k, t+1)
/// positions (<see cref="TopPositions"/>).
/// </summary>
public sealed class LightningIndexer(int layer, LightningIndexer.Tensors w, YarnRope rope, int heads, int keyLength)
{
    /// <summary>blk.N.indexer.attn_q_b, attn_k, k_norm (weight, bias) and proj.</summary>
    public sealed record Tensors(WeightMatrix QB, WeightMatrix K, LayerNorm KNorm, WeightMatrix Proj);

    public IEnumerable<WeightMatrix> Weights => [w.QB, w.K, w.Proj];

    /// <summary>Computes the index keys of tokens start.. from x (T, D) and stores them.</summary>
    public void StoreKeys(IBackend backend, DsaScratch d, IndexKeyCache cache, ReadOnlySpan<float> x, int start, int tokens)
    {
        var k = d.K.AsSpan(0, tokens * keyLength);
        backend.MatMul(w.K, x, k, tokens);
        for (int t = 0; t < tokens; t++)
        {
            var kt = k.Slice(t * keyLength, keyLength);
            w.KNorm.Forward(kt);
            rope.Rotate(kt[..rope.Dims], start + t);
            Hadamard.Rotate(kt);
        }
        cache.Store(layer, start, tokens, k);
    }

    /// <summary>
    /// Selects, for each token start+t, min(top_k, start+t+1) positions into <see cref="DsaScratch.Selected"/> from qa
    /// (T, Rq) and x (T, D); the keys of these tokens must be stored first (<see cref="StoreKeys"/>). On a backend with
    /// <see cref="IDsaAttention"/> that takes the call, as its ops (the CPU: the scores of a chunk of tokens at once, decode
    /// too; CUDA: the device's scores and top-k); else token by token: every head's dots as one MatMul against the keys,
    /// then the weighted ReLU sum.
    /// </summary>
    public void Select(IBackend backend, DsaScratch d, IndexKeyCache cache, ReadOnlySpan<float> qa, ReadOnlySpan<float> x, int start, int tokens)
    {
        int hd = heads * keyLength;
        var q = d.Q.AsSpan(0, tokens * hd);
        backend.MatMul(w.QB, qa, q, tokens);
        var wt = d.W.AsSpan(0, tokens * heads);
        backend.MatMul(w.Proj, x, wt, tokens);
        float scale = 1f / MathF.Sqrt(hd);
        for (int t = 0; t < tokens; t++)
        {
            if (start + t + 1 <= d.TopK) continue; // every position is chosen: the query is not needed
            for (int h = 0; h < heads; h++)
            {
                var qh = q.Slice(t * hd + h * keyLength, keyLength);
                rope.Rotate(qh[..rope.Dims], start + t);
                Hadamard.Rotate(qh);
            }
        }
        if (backend is IDsaAttention dsa && dsa.TrySelect(new DsaSelectCall(cache, layer, start, tokens, heads, d.TopK, scale), q, wt,
                d.Selected.AsSpan(0, tokens * d.TopK), d.Counts.AsSpan(0, tokens)))
            return;
        for (int t = 0; t < tokens; t++)
        {
            int count = start + t + 1;
            var selected = d.Selected.AsSpan(t * d.TopK, d.TopK);
            if (count <= d.TopK)
            {
                for (int s = 0; s < count; s++) selected[s] = s;
                d.Counts[t] = count;
                continue;
            }
            var hs = d.HeadScores.AsSpan(0, heads * count);                      // (Hi, P)
            backend.MatMul(cache.Keys(layer, count), q.Slice(t * hd, hd), hs, heads);
            var scores = d.Scores.AsSpan(0, count);
            scores.Clear();
            for (int h = 0; h < heads; h++)
            {
                float wh = wt[t * heads + h] * scale;
                var row = hs.Slice(h * count, count);
                for (int s = 0; s < count; s++) scores[s] += wh * MathF.Max(row[s], 0f);
            }
            d.Counts[t] = TopPositions.Select(scores, d.TopK, selected);
        }
    }
}
