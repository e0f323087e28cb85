using LongDoc.Runtime.Models;

namespace LongDoc.Runtime.Backends.Cpu;

/// <summary>DeepSeek Sparse Attention's prefill ops (<see cref="IDsaAttention"/>): the indexer's scores as one fused
/// GEMM per chunk of <see cref="DsaScratch.ScoreTokens"/> tokens (<see cref="IndexScoreJob"/>), their top-k per token
/// (<see cref="TopSelectJob"/>), and MLA over the gathered positions per token (<see cref="GatheredAttentionJob"/>).</summary>
public sealed unsafe partial class CpuBackend : IDsaAttention
{
    readonly IndexScoreJob _indexScores = new();
    readonly TopSelectJob _topSelect = new();
    readonly GatheredAttentionJob _gathered = new();

    public void IndexSelect(IndexKeyCache keys, int layer, int start, int tokens, int heads, DsaScratch d)
    {
        int di = keys.KeyLength;
        fixed (float* q = d.Q, w = d.W, scores = d.Scores)
            for (int t0 = 0; t0 < tokens; t0 += DsaScratch.ScoreTokens)
            {
                int tc = Math.Min(DsaScratch.ScoreTokens, tokens - t0), first = start + t0;
                var s = _indexScores;
                s.Q = q + (long)t0 * heads * di; s.W = w + (long)t0 * heads; s.KeyRows = keys.Key(layer, 0);
                s.F16 = keys.Type == KvCacheType.F16; s.Heads = heads; s.KeyLength = di; s.Tokens = tc; s.Start = first;
                s.Scores = scores; s.Stride = d.ScoreStride;
                if (first + tc > d.TopK) _pool.Run(s, s.Chunks); // up to top_k positions every one is chosen, scores unread
                var k = _topSelect;
                k.Scores = scores; k.Stride = d.ScoreStride; k.Start = first; k.FirstToken = t0; k.TopK = d.TopK;
                k.Selected = d.Selected; k.Counts = d.Counts;
                _pool.Run(k, tc);
            }
    }

    public void GatheredAttention(KvCache cache, int layer, ReadOnlySpan<float> qc, int t0, int tokens, int heads, float scale, int r, DsaScratch d, Span<float> ctx)
    {
        if (qc.Length < tokens * heads * cache.KeyLength || ctx.Length < tokens * heads * r)
            throw new ArgumentException($"gathered attention: qc ({tokens},{heads},{cache.KeyLength}) and ctx ({tokens},{heads},{r}) needed");
        fixed (float* q = qc, c = ctx)
        {
            var g = _gathered;
            g.Cache = cache; g.Layer = layer; g.Heads = heads; g.Latent = r; g.Scale = scale; g.Q = q; g.Ctx = c;
            g.Selected = d.Selected; g.Counts = d.Counts; g.TopK = d.TopK; g.FirstToken = t0;
            _pool.Run(g, tokens);
        }
    }
}
