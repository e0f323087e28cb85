using System.Numerics.Tensors;
using LongDoc.Runtime.Models;

namespace LongDoc.Runtime.Backends.Cpu;

/// <summary>
/// Phase 2 of block-sparse attention, one chunk per (token, head): an online softmax over the selected blocks of the
/// head's group. Per block: scores s (<=B) = scale * K q, block max mb; when mb > m the running sum l and output o are
/// rescaled by exp(m - mb) (log-sum-exp merge), then l += sum exp(s - m), o += exp(s - m) V. Positions after the
/// query are masked inside its own block. Exact over the union: with every block selected it is dense attention.
/// With Mass set it also computes the dense softmax over every visible position and stores the share of its mass
/// on the selected blocks (exp(lse_selected - lse_all)), for --explain-attention.
/// Legend: T tokens, H heads, Dk key length, Dv value length (R on the latent cache), B block, N cache blocks.
/// </summary>
internal sealed unsafe class SparseAttentionJob : IParallelJob
{
    public float* Q;               // (T, H*Dk)
    public float* O;               // (T, H*Dv)
    public SparseAttentionCall Call;
    public int FirstQueryBlock;
    public int[] Selected = [];    // (QB, Hkv, N) from SparseSelectionJob
    public int[] Counts = [];      // (QB, Hkv)
    public float[]? Mass;          // (T*H) captured share of the dense mass, when explaining

    [ThreadStatic] static float[]? _scores;

    public void Execute(int chunk)
    {
        var c = Call;
        var cache = c.Cache;
        int t = chunk / c.Heads, h = chunk % c.Heads, hkv = cache.KvHeads, g = h / (c.Heads / hkv);
        int dk = cache.KeyLength, pos = c.Start + t, b = cache.BlockStatistics!.Block, n = cache.BlockStatistics.Blocks;
        bool latent = c.LatentValueLength > 0, f16 = cache.Type == KvCacheType.F16;
        int dv = latent ? c.LatentValueLength : cache.ValueLength;
        long kStride = (long)dk * cache.ElementBytes, vStride = latent ? kStride : (long)dv * cache.ElementBytes;
        byte* keys = cache.Key(c.Layer, g, 0), values = latent ? keys : cache.Value(c.Layer, g, 0);
        if (_scores is null || _scores.Length < Math.Max(b, cache.Capacity)) _scores = new float[Math.Max(b, cache.Capacity)];
        float* q = Q + ((long)t * c.Heads + h) * dk;
        float* o = O + ((long)t * c.Heads + h) * dv;
        new Span<float>(o, dv).Clear();
        int list = ((pos / b - FirstQueryBlock) * hkv + g);
        var blocks = Selected.AsSpan(list * n, Counts[list]);
        float m = float.NegativeInfinity, l = 0;
        fixed (float* scores = _scores)
        {
            foreach (int blk in blocks)
            {
                int p0 = blk * b, p1 = Math.Min(p0 + b, pos + 1);                 // causal mask inside the window
                if (p0 >= p1) continue;
                var s = new Span<float>(scores, p1 - p0);
                for (int p = p0; p < p1; p++)
                {
                    byte* k = keys + p * kStride;
                    s[p - p0] = c.Scale * (f16 ? DotHalf<F16Format>.Dot((ushort*)k, q, dk) : DotF32.Dot((float*)k, q, dk));
                }
                float mb = TensorPrimitives.Max(s);
                if (mb > m)
                {
                    float f = MathF.Exp(m - mb);                                  // 0 for the first block (m = -inf)
                    TensorPrimitives.Multiply(new Span<float>(o, dv), f, new Span<float>(o, dv));
                    l *= f;
                    m = mb;
                }
                TensorPrimitives.Subtract(s, m, s);
                TensorPrimitives.Exp(s, s);
                l += TensorPrimitives.Sum(s);
                for (int p = p0; p < p1; p++)
                {
                    byte* v = values + p * vStride;
                    if (f16) Axpy.F16(s[p - p0], (ushort*)v, o, dv);
                    else Axpy.F32(s[p - p0], (float*)v, o, dv);
                }
            }
            TensorPrimitives.Multiply(new Span<float>(o, dv), 1f / l, new Span<float>(o, dv));
            if (Mass is not null) Mass[chunk] = CapturedMass(scores, keys, kStride, q, dk, pos, f16, m, l, c.Scale);
        }
    }

    /// <summary>exp(lse over the selected blocks - lse over all visible positions) = l e^m / sum_p e^(s_p).</summary>
    static float CapturedMass(float* scores, byte* keys, long kStride, float* q, int dk, int pos, bool f16, float m, float l, float scale)
    {
        var s = new Span<float>(scores, pos + 1);
        for (int p = 0; p <= pos; p++)
        {
            byte* k = keys + p * kStride;
            s[p] = scale * (f16 ? DotHalf<F16Format>.Dot((ushort*)k, q, dk) : DotF32.Dot((float*)k, q, dk));
        }
        float max = TensorPrimitives.Max(s);
        TensorPrimitives.Subtract(s, max, s);
        TensorPrimitives.Exp(s, s);
        return (float)Math.Min(1.0, l * Math.Exp(m - max) / TensorPrimitives.Sum(s));
    }
}
