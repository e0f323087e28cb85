using LongDoc.Runtime.Backends;
using LongDoc.Runtime.Models;
using LongDoc.Runtime.Weights;

namespace LongDoc.Runtime.Layers;

/// <summary>
/// Causal GQA self-attention with optional q/k/v projection biases (qwen2) and an optional per-head RMSNorm on q and
/// k before RoPE (Qwen3). Legend: T tokens, D hidden, H heads, Hkv KV heads, Dk/Dv head dims.
/// x (T, D) -> q (T, H*Dk), k (T, Hkv*Dk), v (T, Hkv*Dv) -> [+ biases] -> [q/k norm per head] -> RoPE -> cache k, v
/// -> softmax(q k^T / sqrt(Dk)) v over positions 0..pos -> (T, H*Dv) -> attn_output -> y (T, D).
/// </summary>
public sealed class Attention(int layer, WeightMatrix wq, WeightMatrix wk, WeightMatrix wv, WeightMatrix wo,
    RmsNorm? qNorm, RmsNorm? kNorm, Rope rope, int heads, int kvHeads, QkvBias? bias = null) : IAttention
{
    public IEnumerable<WeightMatrix> Weights => [wq, wk, wv, wo];

    public void Forward(IBackend backend, RunState s, KvCache cache, ReadOnlySpan<float> x, int start, int tokens, Span<float> y)
    {
        var q = s.Q.AsSpan(0, tokens * wq.Rows);             // (T, H*Dk)
        var k = s.K.AsSpan(0, tokens * wk.Rows);             // (T, Hkv*Dk)
        var v = s.V.AsSpan(0, tokens * wv.Rows);             // (T, Hkv*Dv)
        backend.MatMul(wq, x, q, tokens);
        backend.MatMul(wk, x, k, tokens);
        backend.MatMul(wv, x, v, tokens);
        bias?.Add(backend, q, k, v, tokens);
        qNorm?.Forward(backend, q, q);                       // per head: rows of Dk
        kNorm?.Forward(backend, k, k);
        rope.Apply(backend, q, tokens, heads, start);
        rope.Apply(backend, k, tokens, kvHeads, start);
        backend.StoreKv(cache, layer, start, tokens, k, v);
        var a = s.Attn.AsSpan(0, tokens * wo.Cols);          // (T, H*Dv)
        SparseRouting.Attend(backend, s, cache, layer, q, start, tokens, heads, a);   // dense or block-sparse
        backend.MatMul(wo, a, y, tokens);                    // (T, D)
    }
}
