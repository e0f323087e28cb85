using System.Numerics.Tensors;
using LongDoc.Runtime.Backends;
using LongDoc.Runtime.Models;
using LongDoc.Runtime.Weights;

namespace LongDoc.Runtime.Layers;

/// <summary>
/// Multi-head latent attention (DeepSeek-V2 §2.1), as llama.cpp's src/models/deepseek2.cpp.
/// Legend: T tokens, P cached positions, D hidden, H heads, Rq q_lora, R kv_lora, Pe rope width, N nope width,
/// Dk = N + Pe, Dv value width.
/// q:  x (T, D) -> [attn_q_a (Rq, D) -> RMSNorm -> attn_q_b (H*Dk, Rq)] or attn_q (H*Dk, D) -> (T, H, [N | Pe])
/// kv: x (T, D) -> attn_kv_a_mqa (R+Pe, D) -> [c (R) -> RMSNorm | k_pe (Pe), one for all heads]
/// RoPE NORM (YaRN) on q_pe and k_pe only. The cache keeps [c | k_pe] (R+Pe per position), nothing per head.
/// Prefill decompresses each head: k_nope = W_kb c, v = W_vb c for every position, then softmax(q k^T * scale) v.
/// Decode absorbs instead: (W_kb^T q_nope) . c + q_pe . k_pe scores, and W_vb (sum_p a_p c_p) the output, which reads
/// R+Pe per position instead of H*(Dk+Dv). Both are the same sum in another order; tests hold them together.
/// </summary>
public sealed class MlaAttention(int layer, MlaAttention.Projections w, LatentUpProjection up, YarnRope rope,
    int heads, float scale) : IAttention
{
    /// <summary>The projections around the latent: either Q (no q LoRA) or QA, QANorm and QB.</summary>
    public sealed record Projections(WeightMatrix? Q, WeightMatrix? QA, RmsNorm? QANorm, WeightMatrix? QB,
        WeightMatrix KvA, RmsNorm KvANorm, WeightMatrix Output);

    public IEnumerable<WeightMatrix> Weights =>
        new[] { w.Q, w.QA, w.QB }.OfType<WeightMatrix>().Append(w.KvA).Append(w.Output).Concat(up.Weights);

    /// <summary>Decode (one token) uses the absorbed form unless this is false (tests compare the two).</summary>
    public bool AbsorbInDecode { get; set; } = true;

    public void Forward(IBackend backend, RunState s, KvCache cache, ReadOnlySpan<float> x, int start, int tokens, Span<float> y)
    {
        var m = s.Mla ?? throw new InvalidOperationException("RunState has no MLA buffers: the config is not MLA");
        int r = up.Latent, n = up.Nope, pe = rope.Dims, dk = n + pe, row = r + pe;
        var q = s.Q.AsSpan(0, tokens * heads * dk);                                  // (T, H, Dk)
        if (w.Q is { } wq) backend.MatMul(wq, x, q, tokens);
        else
        {
            var qa = m.QA.AsSpan(0, tokens * w.QA!.Value.Rows);                      // (T, Rq)
            backend.MatMul(w.QA.Value, x, qa, tokens);
            w.QANorm!.Forward(backend, qa, qa);
            backend.MatMul(w.QB!.Value, qa, q, tokens);
        }
        var latent = m.Latent.AsSpan(0, tokens * row);                               // (T, R+Pe)
        backend.MatMul(w.KvA, x, latent, tokens);
        for (int t = 0; t < tokens; t++)
        {
            var c = latent.Slice(t * row, r);
            w.KvANorm.Forward(backend, c, c);
            rope.Rotate(latent.Slice(t * row + r, pe), start + t);
            for (int h = 0; h < heads; h++) rope.Rotate(q.Slice((t * heads + h) * dk + n, pe), start + t);
        }
        backend.StoreKv(cache, layer, start, tokens, latent, ReadOnlySpan<float>.Empty);
        int positions = start + tokens;
        var a = s.Attn.AsSpan(0, tokens * heads * up.Value);                         // (T, H*Dv)
        if (SparseRouting.UseSparse(backend, s, cache, layer, positions)) Sparse(backend, s, cache, q, a, start, tokens, r, n, pe);
        else
        {
            if (tokens == 1 && AbsorbInDecode) Absorbed(backend, cache, m, q, a, start, r, n, pe);
            else
            {
                ReadCache(cache, positions, r, pe, m);                              // (P, R), (P, Pe)
                for (int h = 0; h < heads; h++) Decompressed(backend, m, q, a, h, start, tokens, positions, r, n, pe);
            }
            SparseRouting.RecordDense(s, cache, layer, start, tokens, heads);
        }
        backend.MatMul(w.Output, a, y, tokens);                                     // (T, D)
    }

    /// <summary>
    /// One head, every token, as three matmuls: keys [k_nope | k_pe] (P, Dk) of every position, scores (T, P) =
    /// q_h (T, Dk) k^T, causally masked softmax, output (T, Dv) = scores v with v transposed (Dv, P).
    /// </summary>
    unsafe void Decompressed(IBackend backend, MlaScratch m, ReadOnlySpan<float> q, Span<float> a, int h, int start, int tokens, int positions, int r, int n, int pe)
    {
        int dv = up.Value, dk = n + pe;
        var c = m.CacheC.AsSpan(0, positions * r);                                   // (P, R)
        up.Decompress(backend, h, c, positions, m.KNope, m.Decoded);                 // (P, N)
        up.Values(backend, h, c, positions, m.VHead);                                // (P, Dv)
        var keys = m.Keys.AsSpan(0, positions * dk);                                 // (P, Dk)
        var vt = m.ValuesT.AsSpan(0, dv * positions);                                // (Dv, P)
        for (int p = 0; p < positions; p++)
        {
            m.KNope.AsSpan(p * n, n).CopyTo(keys.Slice(p * dk, n));
            m.CachePe.AsSpan(p * pe, pe).CopyTo(keys.Slice(p * dk + n, pe));
            for (int i = 0; i < dv; i++) vt[i * positions + p] = m.VHead[p * dv + i];
        }
        var qh = m.QHead.AsSpan(0, tokens * dk);                                     // (T, Dk)
        for (int t = 0; t < tokens; t++) q.Slice((t * heads + h) * dk, dk).CopyTo(qh.Slice(t * dk, dk));
        var scores = m.Scores.AsSpan(0, tokens * positions);                         // (T, P)
        fixed (float* pk = keys) backend.MatMul(new WeightMatrix(GgmlType.F32, positions, dk, (byte*)pk), qh, scores, tokens);
        for (int t = 0; t < tokens; t++)
        {
            int count = start + t + 1;                                               // causal
            var row = scores.Slice(t * positions, positions);
            TensorPrimitives.Multiply(row[..count], scale, row[..count]);
            backend.Softmax(row[..count], count);
            row[count..].Clear();
        }
        var o = m.OutHead.AsSpan(0, tokens * dv);                                    // (T, Dv)
        fixed (float* pv = vt) backend.MatMul(new WeightMatrix(GgmlType.F32, dv, positions, (byte*)pv), scores, o, tokens);
        for (int t = 0; t < tokens; t++) o.Slice(t * dv, dv).CopyTo(a.Slice((t * heads + h) * dv, dv));
    }

    /// <summary>
    /// One token, all heads, in latent space: the head's k weights fold into the query, the cache is read where it lies
    /// as a (P, R+Pe) matrix in its stored type (one multithreaded matmul for every head's scores), and the head's v
    /// weights apply once to the attention-weighted latent.
    /// </summary>
    unsafe void Absorbed(IBackend backend, KvCache cache, MlaScratch m, ReadOnlySpan<float> q, Span<float> a, int start, int r, int n, int pe)
    {
        int dv = up.Value, dk = n + pe, row = r + pe, count = start + 1;
        var qNope = m.QNope.AsSpan(0, heads * n);                                   // (H, N)
        for (int h = 0; h < heads; h++) q.Slice(h * dk, n).CopyTo(qNope.Slice(h * n, n));
        var qLatent = m.QLatent.AsSpan(0, heads * r);                               // (H, R) = W_k^T q_nope per head
        up.AbsorbHeads(backend, qNope, qLatent);
        var qc = m.QCombined.AsSpan(0, heads * row);                                 // (H, R+Pe)
        for (int h = 0; h < heads; h++)
        {
            qLatent.Slice(h * r, r).CopyTo(qc.Slice(h * row, r));
            q.Slice(h * dk + n, pe).CopyTo(qc.Slice(h * row + r, pe));             // q_pe (Pe)
        }
        var kv = new WeightMatrix(cache.Type == KvCacheType.F32 ? GgmlType.F32 : GgmlType.F16, count, row, cache.Key(layer, 0, 0));
        var scores = m.Scores.AsSpan(0, heads * count);                              // (H, P)
        backend.MatMul(kv, qc, scores, heads);
        TensorPrimitives.Multiply(scores, scale, scores);
        backend.Softmax(scores, count);
        // The weighted latent ctx_h = sum_p a_hp c_p over the cache rows as they lie: H*P*R multiply-adds, no
        // transposed copy of the cache per token.
        var ctx = m.Context.AsSpan(0, heads * r);                                    // (H, R)
        backend.WeightedRowSum(kv, scores, heads, r, ctx);
        up.ValuesHeads(backend, ctx, a[..(heads * dv)]);                             // (H, Dv)
    }

    /// <summary>
    /// Block-sparse attention in latent space, prefill and decode alike, a chunk of tokens at a time: queries absorbed
    /// per head ([W_k^T q_nope | q_pe], (C, H, R+Pe)), the sparse op over the latent cache rows with the latents as
    /// values (-> (C, H, R)), then W_v per head. Reads R+Pe per selected position instead of decompressing every one.
    /// </summary>
    void Sparse(IBackend backend, RunState s, KvCache cache, ReadOnlySpan<float> q, Span<float> a, int start, int tokens, int r, int n, int pe)
    {
        var sp = s.Sparse!;
        var ms = sp.Mla ??= new MlaSparseScratch(heads, r, n, pe, up.Value);
        int dv = up.Value, dk = n + pe, row = r + pe;
        for (int t0 = 0; t0 < tokens; t0 += MlaSparseScratch.Chunk)
        {
            int tc = Math.Min(MlaSparseScratch.Chunk, tokens - t0);
            var qc = ms.Queries.AsSpan(0, tc * heads * row);                        // (C, H, R+Pe)
            for (int h = 0; h < heads; h++)
            {
                for (int t = 0; t < tc; t++) q.Slice(((t0 + t) * heads + h) * dk, n).CopyTo(ms.QNope.AsSpan(t * n, n));
                up.AbsorbBatch(backend, h, ms.QNope.AsSpan(0, tc * n), tc, ms.QLatent);   // (C, R)
                for (int t = 0; t < tc; t++)
                {
                    ms.QLatent.AsSpan(t * r, r).CopyTo(qc.Slice((t * heads + h) * row, r));
                    q.Slice(((t0 + t) * heads + h) * dk + n, pe).CopyTo(qc.Slice((t * heads + h) * row + r, pe));
                }
            }
            var ctx = ms.Context.AsSpan(0, tc * heads * r);                         // (C, H, R)
            var call = new Backends.SparseAttentionCall(cache, layer, start + t0, tc, heads, scale, r, sp.Options, sp.Trace);
            ((Backends.ISparseAttention)backend).SparseAttention(call, qc, ctx);
            for (int h = 0; h < heads; h++)
            {
                for (int t = 0; t < tc; t++) ctx.Slice((t * heads + h) * r, r).CopyTo(ms.HeadContext.AsSpan(t * r, r));
                up.Values(backend, h, ms.HeadContext.AsSpan(0, tc * r), tc, ms.HeadOut);                   // (C, Dv)
                for (int t = 0; t < tc; t++) ms.HeadOut.AsSpan(t * dv, dv).CopyTo(a.Slice(((t0 + t) * heads + h) * dv, dv));
            }
        }
    }

    /// <summary>Latents and k_pe of positions 0..P-1 of this layer as f32 (the cache may be F16).</summary>
    unsafe void ReadCache(KvCache cache, int positions, int r, int pe, MlaScratch m)
    {
        Span<float> row = stackalloc float[r + pe];
        for (int p = 0; p < positions; p++)
        {
            byte* src = cache.Key(layer, 0, p);
            if (cache.Type == KvCacheType.F32) new ReadOnlySpan<float>(src, r + pe).CopyTo(row);
            else TensorPrimitives.ConvertToSingle(new ReadOnlySpan<Half>(src, r + pe), row);
            row[..r].CopyTo(m.CacheC.AsSpan(p * r, r));
            row[r..].CopyTo(m.CachePe.AsSpan(p * pe, pe));
        }
    }
}
