using System.Numerics.Tensors;
using LongDoc.Runtime.Models;

namespace LongDoc.Runtime.Backends.Cpu;

/// <summary>DeepSeek Sparse Attention's ops (<see cref="IDsaAttention"/>): the indexer's scores as one fused GEMM per
/// chunk of <see cref="DsaScratch.ScoreTokens"/> tokens (<see cref="IndexScoreJob"/>), their top-k per token
/// (<see cref="TopSelectJob"/>), and, for a prompt batch, MLA over the gathered positions per token
/// (<see cref="GatheredAttentionJob"/>); one decoded token's gathered attention is declined to the layer's per-token
/// ops, which spread one token over the threads.</summary>
public sealed unsafe partial class CpuBackend : IDsaAttention
{
    readonly IndexScoreJob _indexScores = new();
    readonly TopSelectJob _topSelect = new();
    readonly GatheredAttentionJob _gathered = new();
    float[] _dsaScores = [];  // (ScoreTokens, stride) one chunk's score rows
    float[] _dsaWeights = []; // (T, Hi) head weights times the call's scale
    float[] _dsaQueries = []; // (T, Hi*Di) the queries rounded to f16 precision for F16 keys

    public bool TrySelect(in DsaSelectCall call, ReadOnlySpan<float> q, ReadOnlySpan<float> w, Span<int> selected, Span<int> counts)
    {
        var keys = call.Keys;
        int di = keys.KeyLength, heads = call.Heads, tokens = call.Tokens, stride = (call.Start + tokens + 31) / 32 * 32;
        if (q.Length < tokens * heads * di || w.Length < tokens * heads || selected.Length < tokens * call.TopK || counts.Length < tokens)
            throw new ArgumentException($"DSA selection: q ({tokens},{heads},{di}), w ({tokens},{heads}), selected ({tokens},{call.TopK}) and counts ({tokens}) needed");
        if (_dsaScores.Length < DsaScratch.ScoreTokens * stride) _dsaScores = GC.AllocateArray<float>(DsaScratch.ScoreTokens * stride, pinned: true);
        if (_dsaWeights.Length < tokens * heads) _dsaWeights = GC.AllocateArray<float>(tokens * heads, pinned: true);
        TensorPrimitives.Multiply(w[..(tokens * heads)], call.Scale, _dsaWeights.AsSpan(0, tokens * heads));
        bool f16 = keys.Type == KvCacheType.F16;
        if (f16 && _dsaQueries.Length < tokens * heads * di) _dsaQueries = GC.AllocateArray<float>(tokens * heads * di, pinned: true);
        fixed (float* qIn = q, qRounded = _dsaQueries, wp = _dsaWeights, scores = _dsaScores)
        fixed (int* sel = selected, cnt = counts)
        {
            // as MatMul over F16 rows (and llama.cpp's mul_mat with an F16 cache) rounds its input: the token-by-token path's numbers
            if (f16) ActivationRounding.Round(qIn, qRounded, tokens * heads * di, ActivationRounding.F16Bits);
            float* qp = f16 ? qRounded : qIn;
            for (int t0 = 0; t0 < tokens; t0 += DsaScratch.ScoreTokens)
            {
                int tc = Math.Min(DsaScratch.ScoreTokens, tokens - t0), first = call.Start + t0;
                var s = _indexScores;
                s.Q = qp + (long)t0 * heads * di; s.W = wp + (long)t0 * heads; s.KeyRows = keys.Key(call.Layer, 0);
                s.F16 = f16; s.Heads = heads; s.KeyLength = di; s.Tokens = tc; s.Start = first;
                s.Scores = scores; s.Stride = stride;
                if (first + tc > call.TopK) _pool.Run(s, s.Chunks); // up to top_k positions every one is chosen, scores unread
                var k = _topSelect;
                k.Scores = scores; k.Stride = stride; k.Start = first; k.FirstToken = t0; k.TopK = call.TopK;
                k.Selected = sel; k.Counts = cnt;
                _pool.Run(k, tc);
            }
        }
        return true;
    }

    public bool TryGatheredAttention(in DsaAttentionCall call, ReadOnlySpan<float> q, ReadOnlySpan<int> selected, ReadOnlySpan<int> counts, Span<float> ctx)
    {
        int tokens = call.Tokens, heads = call.Heads, r = call.Latent;
        if (tokens < 2) return false;
        if (q.Length < tokens * heads * call.Cache.KeyLength || ctx.Length < tokens * heads * r
            || selected.Length < tokens * call.TopK || counts.Length < tokens)
            throw new ArgumentException($"gathered attention: q ({tokens},{heads},{call.Cache.KeyLength}), ctx ({tokens},{heads},{r}), selected ({tokens},{call.TopK}) and counts ({tokens}) needed");
        fixed (float* qp = q, c = ctx)
        fixed (int* sel = selected, cnt = counts)
        {
            var g = _gathered;
            g.Cache = call.Cache; g.Layer = call.Layer; g.Heads = heads; g.Latent = r; g.Scale = call.Scale; g.Q = qp; g.Ctx = c;
            g.Selected = sel; g.Counts = cnt; g.TopK = call.TopK;
            _pool.Run(g, tokens);
        }
        return true;
    }
}
