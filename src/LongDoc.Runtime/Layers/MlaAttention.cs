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
/// Two forms of the same sum, each at llama.cpp's quantization points for its layout (the activation of every matmul
/// with a quantized weight is quantized, so where a matmul sits decides what gets rounded):
/// latent (split attn_k_b/attn_v_b, prefill and decode, as llama.cpp's MLA graph): the head's k weights fold into the
/// query (W_kb^T q_nope: q_nope quantized), scores [W_kb^T q_nope | q_pe] . [c | k_pe] against the cache as it lies,
/// and W_vb applies once to the attention-weighted latent (sum_p a_p c_p quantized); reads R+Pe per position.
/// decompressed (legacy attn_kv_b prefill, as llama.cpp's non-MLA graph): k_nope = W_kb c and v = W_vb c for every
/// position (c quantized), then softmax(q k^T * scale) v per head. Legacy decode runs the latent form too (unless
/// <see cref="AbsorbInDecode"/> is false) on the cached c rounded as that quantization rounds it, with W_kb^T and
/// W_vb decoded to f32, so it computes the decompressed form's numbers (<see cref="LatentUpProjection"/>; where it
/// cannot, Q4_1/Q5_1 attn_kv_b, decode decompresses).
/// DeepSeek Sparse Attention (deepseek32, glm-dsa; <paramref name="topK"/> above 0): once a batch reaches past top_k
/// positions, each token attends in latent space to the positions its layer's <see cref="LightningIndexer"/> selected
/// only (<see cref="GatheredLatentAttention"/>), prefill and decode alike; a layer without an indexer reuses the
/// selection of the previous layer that has one (glm-dsa "shared" layers). Up to top_k positions every position is
/// selected and the dense latent path runs. Block-sparse attention, when asked for, replaces the selection.
/// </summary>
public sealed class MlaAttention(int layer, MlaAttention.Projections w, LatentUpProjection up, YarnRope rope,
    int heads, float scale, int topK = 0, LightningIndexer? indexer = null) : IAttention
{
    /// <summary>The projections around the latent: either Q (no q LoRA) or QA, QANorm and QB.</summary>
    public sealed record Projections(WeightMatrix? Q, WeightMatrix? QA, RmsNorm? QANorm, WeightMatrix? QB,
        WeightMatrix KvA, RmsNorm KvANorm, WeightMatrix Output);

    public IEnumerable<WeightMatrix> Weights =>
        new[] { w.Q, w.QA, w.QB }.OfType<WeightMatrix>().Append(w.KvA).Append(w.Output).Concat(up.Weights)
            .Concat(indexer?.Weights ?? []);

    /// <summary>Legacy layout: decode (one token) runs in latent space unless this is false (tests compare the two).
    /// The split layout always runs in latent space.</summary>
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
            up.RoundLatent(c);
        }
        rope.Apply(backend, latent, tokens, 1, row, r, start);                       // k_pe of each latent row
        rope.Apply(backend, q, tokens, heads, dk, n, start);                         // q_pe of each head
        backend.StoreKv(cache, layer, start, tokens, latent, ReadOnlySpan<float>.Empty);
        indexer?.StoreKeys(backend, s.Dsa!, cache.IndexKeys!, x, start, tokens);
        int positions = start + tokens;
        var a = s.Attn.AsSpan(0, tokens * heads * up.Value);                         // (T, H*Dv)
        if (SparseRouting.UseSparse(backend, s, cache, layer, positions)) Sparse(backend, s, cache, q, a, start, tokens, r, n, pe);
        else if (topK > 0 && positions > topK && s.Sparse?.Options.Mode != LongDoc.Runtime.Sparse.AttentionMode.Dense)
        {
            indexer?.Select(backend, s.Dsa!, cache.IndexKeys!, m.QA.AsSpan(0, tokens * w.QA!.Value.Rows), x, start, tokens);
            Selected(backend, s, cache, m, q, a, start, tokens, r, row);
        }
        else
        {
            if (up.IsSplit || (tokens == 1 && AbsorbInDecode && up.AbsorbsDecode)) Latent(backend, cache, m, q, a, start, tokens, r, row);
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
        up.Decompress(backend, h, c, positions, m.KNope);                            // (P, N)
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
    /// Every token in latent space, <see cref="MlaScratch.Chunk"/> tokens at a time: the chunk's queries absorbed
    /// ((C, H, R+Pe)), every head's scores against the cache rows the chunk can see, read where they lie as a (P, R+Pe)
    /// matrix in their stored type (one matmul of C*H query rows), causally masked softmax, the attention-weighted
    /// latent (C, H, R) as one op over those rows, then W_v per head.
    /// </summary>
    unsafe void Latent(IBackend backend, KvCache cache, MlaScratch m, ReadOnlySpan<float> q, Span<float> a, int start, int tokens, int r, int row)
    {
        var type = cache.Type == KvCacheType.F32 ? GgmlType.F32 : GgmlType.F16;
        for (int t0 = 0; t0 < tokens; t0 += m.Chunk)
        {
            int tc = Math.Min(m.Chunk, tokens - t0), rows = start + t0 + tc, g = tc * heads;
            var qc = m.Queries.AsSpan(0, g * row);                                 // (C, H, R+Pe)
            AbsorbQueries(backend, q, t0, tc, qc, m.QNope, m.QLatent);
            var kv = new WeightMatrix(type, rows, row, cache.Key(layer, 0, 0));
            var scores = m.Scores.AsSpan(0, g * rows);                               // (C, H, P)
            backend.MatMul(kv, qc, scores, g);
            TensorPrimitives.Multiply(scores, scale, scores);
            if (tc == 1) backend.Softmax(scores, rows);                              // decode: every head sees every row
            else
                for (int t = 0; t < tc; t++)
                {
                    int count = start + t0 + t + 1;                                  // causal
                    for (int h = 0; h < heads; h++)
                    {
                        var s = scores.Slice((t * heads + h) * rows, rows);
                        backend.Softmax(s[..count], count);
                        s[count..].Clear();
                    }
                }
            var ctx = m.Context.AsSpan(0, g * r);                                    // (C, H, R)
            backend.WeightedRowSum(kv, scores, g, r, ctx);
            ProjectValues(backend, ctx, t0, tc, a, m.HeadContext, m.HeadOut);
        }
    }

    /// <summary>
    /// DSA: every token in latent space over its selected positions only (<see cref="DsaScratch.Selection"/>),
    /// <see cref="MlaScratch.Chunk"/> tokens' queries absorbed at a time; a backend with <see cref="IDsaAttention"/> may take
    /// a chunk's gathered attention (the CPU takes prompt batches, CUDA any chunk), else (and when tracing the selection)
    /// token by token.
    /// </summary>
    void Selected(IBackend backend, RunState s, KvCache cache, MlaScratch m, ReadOnlySpan<float> q, Span<float> a, int start, int tokens, int r, int row)
    {
        var d = s.Dsa!;
        var trace = s.Sparse?.Trace;
        for (int t0 = 0; t0 < tokens; t0 += m.Chunk)
        {
            int tc = Math.Min(m.Chunk, tokens - t0);
            var qc = m.Queries.AsSpan(0, tc * heads * row);                        // (C, H, R+Pe)
            AbsorbQueries(backend, q, t0, tc, qc, m.QNope, m.QLatent);
            var ctx = m.Context.AsSpan(0, tc * heads * r);                         // (C, H, R)
            bool taken = trace is null && backend is IDsaAttention dsa && dsa.TryGatheredAttention(
                new DsaAttentionCall(cache, layer, start + t0 + tc, tc, heads, r, d.TopK, scale), qc,
                d.Selected.AsSpan(t0 * d.TopK, tc * d.TopK), d.Counts.AsSpan(t0, tc), ctx);
            if (!taken)
                for (int t = 0; t < tc; t++)
                {
                    var qt = qc.Slice(t * heads * row, heads * row);
                    GatheredLatentAttention.Forward(backend, cache, layer, qt, d.Selection(t0 + t), heads, scale, r, d, ctx.Slice(t * heads * r, heads * r));
                    if (trace is not null)
                        SelectionTrace.Record(backend, trace, s.Sparse!.Options.ExplainMass, cache, layer, qt, d.Selection(t0 + t), start + t0 + t + 1, heads, scale, m.Scores);
                }
            ProjectValues(backend, ctx, t0, tc, a, m.HeadContext, m.HeadOut);
        }
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
        int row = r + pe;
        for (int t0 = 0; t0 < tokens; t0 += MlaSparseScratch.Chunk)
        {
            int tc = Math.Min(MlaSparseScratch.Chunk, tokens - t0);
            var qc = ms.Queries.AsSpan(0, tc * heads * row);                        // (C, H, R+Pe)
            AbsorbQueries(backend, q, t0, tc, qc, ms.QNope, ms.QLatent);
            var ctx = ms.Context.AsSpan(0, tc * heads * r);                         // (C, H, R)
            var call = new Backends.SparseAttentionCall(cache, layer, start + t0, tc, heads, scale, r, sp.Options, sp.Trace);
            ((Backends.ISparseAttention)backend).SparseAttention(call, qc, ctx);
            ProjectValues(backend, ctx, t0, tc, a, ms.HeadContext, ms.HeadOut);
        }
    }

    /// <summary>
    /// Queries of tokens t0..t0+C-1 in latent space: qc (C, H, R+Pe) = [W_k,h^T q_nope | q_pe] per token and head.
    /// One token: every head in one call (qNope (H, N), qLatent (H, R)); more: one matmul per head over the chunk
    /// (qNope (C, N), qLatent (C, R)). Either way each head's product equals its own matmul's.
    /// </summary>
    void AbsorbQueries(IBackend backend, ReadOnlySpan<float> q, int t0, int tc, Span<float> qc, float[] qNope, float[] qLatent)
    {
        int r = up.Latent, n = up.Nope, pe = rope.Dims, dk = n + pe, row = r + pe;
        if (tc == 1)
        {
            var tq = q.Slice(t0 * heads * dk, heads * dk);                          // (H, Dk)
            for (int h = 0; h < heads; h++) tq.Slice(h * dk, n).CopyTo(qNope.AsSpan(h * n, n));
            up.AbsorbHeads(backend, qNope.AsSpan(0, heads * n), qLatent);
            for (int h = 0; h < heads; h++)
            {
                qLatent.AsSpan(h * r, r).CopyTo(qc.Slice(h * row, r));
                tq.Slice(h * dk + n, pe).CopyTo(qc.Slice(h * row + r, pe));
            }
            return;
        }
        for (int h = 0; h < heads; h++)
        {
            for (int t = 0; t < tc; t++) q.Slice(((t0 + t) * heads + h) * dk, n).CopyTo(qNope.AsSpan(t * n, n));
            up.AbsorbBatch(backend, h, qNope.AsSpan(0, tc * n), tc, qLatent);      // (C, R)
            for (int t = 0; t < tc; t++)
            {
                qLatent.AsSpan(t * r, r).CopyTo(qc.Slice((t * heads + h) * row, r));
                q.Slice(((t0 + t) * heads + h) * dk + n, pe).CopyTo(qc.Slice((t * heads + h) * row + r, pe));
            }
        }
    }

    /// <summary>
    /// Output of tokens t0..t0+C-1: a (T, H, Dv) row (t, h) = W_v,h ctx (C, H, R) row (t, h). One token: every head
    /// in one call; more: one matmul per head over the chunk (headContext (C, R), headOut (C, Dv)).
    /// </summary>
    void ProjectValues(IBackend backend, ReadOnlySpan<float> ctx, int t0, int tc, Span<float> a, float[] headContext, float[] headOut)
    {
        int r = up.Latent, dv = up.Value;
        if (tc == 1) { up.ProjectHeads(backend, ctx[..(heads * r)], a.Slice(t0 * heads * dv, heads * dv)); return; }
        for (int h = 0; h < heads; h++)
        {
            for (int t = 0; t < tc; t++) ctx.Slice((t * heads + h) * r, r).CopyTo(headContext.AsSpan(t * r, r));
            up.Project(backend, h, headContext.AsSpan(0, tc * r), tc, headOut);    // (C, Dv)
            for (int t = 0; t < tc; t++) headOut.AsSpan(t * dv, dv).CopyTo(a.Slice(((t0 + t) * heads + h) * dv, dv));
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
