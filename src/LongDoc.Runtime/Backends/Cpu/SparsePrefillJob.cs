using System.Numerics.Tensors;
using LongDoc.Runtime.Models;

namespace LongDoc.Runtime.Backends.Cpu;

/// <summary>
/// Phase 2 of block-sparse attention in prefill, one chunk per (query block, head): every selected key block is
/// decoded to f32 once (K (<=B, Dk), V (<=B, Dv)) and then used by all the block's queries while it sits in L1, instead
/// of being re-read per query as <see cref="SparseAttentionJob"/> (decode) does. Same arithmetic per query: online
/// softmax with a log-sum-exp merge per key block, positions after the query masked.
/// Legend: T tokens, H heads, Dk key length, Dv value length (R on the latent cache, whose values are the first R
/// channels of the key rows), B block, Q queries of the block (<= B).
/// </summary>
internal sealed unsafe class SparsePrefillJob : IParallelJob
{
    public float* Q;               // (T, H*Dk)
    public float* O;               // (T, H*Dv)
    public SparseAttentionCall Call;
    public int FirstQueryBlock;
    public int[] Selected = [];    // (QB, Hkv, N) from SparseSelectionJob
    public int[] Counts = [];      // (QB, Hkv)

    [ThreadStatic] static float[]? _keys;     // (B, Dk)
    [ThreadStatic] static float[]? _keysT;    // (Dk, S) the block's keys transposed, rows padded to S (AttentionTile)
    [ThreadStatic] static float[]? _values;   // (B, Dv)
    [ThreadStatic] static float[]? _scores;   // (B)
    [ThreadStatic] static float[]? _state;    // (2, Q) running max m and sum l per query

    public void Execute(int chunk)
    {
        var c = Call;
        var cache = c.Cache;
        int h = chunk % c.Heads, qb = FirstQueryBlock + chunk / c.Heads, hkv = cache.KvHeads, g = h / (c.Heads / hkv);
        int dk = cache.KeyLength, b = cache.BlockStatistics!.Block, n = cache.BlockStatistics.Blocks;
        bool latent = c.LatentValueLength > 0, f16 = cache.Type == KvCacheType.F16;
        int dv = latent ? c.LatentValueLength : cache.ValueLength;
        int first = Math.Max(c.Start, qb * b), last = Math.Min(c.Start + c.Tokens - 1, qb * b + b - 1), nq = last - first + 1;
        if (_keys is null || _keys.Length < b * dk) _keys = new float[b * dk];
        if (_values is null || _values.Length < b * Math.Max(dv, 1)) _values = new float[b * Math.Max(dv, 1)];
        int stride = (b + AttentionTile.RowAlign - 1) / AttentionTile.RowAlign * AttentionTile.RowAlign;
        if (_keysT is null || _keysT.Length < dk * stride) _keysT = new float[dk * stride];
        if (_scores is null || _scores.Length < stride) _scores = new float[stride];
        if (_state is null || _state.Length < 2 * b) _state = new float[2 * b];
        var m = _state.AsSpan(0, nq);
        var l = _state.AsSpan(b, nq);
        m.Fill(float.NegativeInfinity);
        l.Clear();
        for (int i = 0; i < nq; i++) new Span<float>(Output(first + i, h, dv), dv).Clear();
        int list = (qb - FirstQueryBlock) * hkv + g;
        fixed (float* kf = _keys, vf = _values, s = _scores, kt = _keysT)
        {
            foreach (int blk in Selected.AsSpan(list * n, Counts[list]))
            {
                int p0 = blk * b, rows = Math.Min(p0 + b, last + 1) - p0;
                int vStride = Decode(cache, c.Layer, g, p0, rows, dk, dv, latent, f16, kf, vf, out float* keys, out float* values);
                Transpose(keys, rows, dk, kt, stride);
                for (int i = 0; i < nq; i++)
                {
                    int pos = first + i, count = Math.Min(rows, pos + 1 - p0);   // causal mask inside the block
                    if (count <= 0) continue;
                    float* q = Q + ((long)(pos - c.Start) * c.Heads + h) * dk;
                    float* o = Output(pos, h, dv);
                    AttentionTile.Scores(kt, stride, q, dk, c.Scale, s);
                    var sc = new Span<float>(s, count);
                    float mb = TensorPrimitives.Max(sc);
                    if (mb > m[i])
                    {
                        float f = MathF.Exp(m[i] - mb);
                        TensorPrimitives.Multiply(new Span<float>(o, dv), f, new Span<float>(o, dv));
                        l[i] *= f;
                        m[i] = mb;
                    }
                    TensorPrimitives.Subtract(sc, m[i], sc);
                    TensorPrimitives.Exp(sc, sc);
                    l[i] += TensorPrimitives.Sum(sc);
                    AttentionTile.Accumulate(s, values, vStride, count, o, dv);
                }
            }
        }
        for (int i = 0; i < nq; i++) TensorPrimitives.Multiply(new Span<float>(Output(first + i, h, dv), dv), 1f / l[i], new Span<float>(Output(first + i, h, dv), dv));
    }

    float* Output(int pos, int h, int dv) => O + ((long)(pos - Call.Start) * Call.Heads + h) * dv;

    /// <summary>Rows p0..p0+rows of the head's keys and values as f32: the cache itself when F32, else decoded into scratch.</summary>
    /// <summary>kt (Dk, S) = keys (rows, Dk)^T; the padding rows..S-1 are zeroed (their scores are computed, never read).</summary>
    static void Transpose(float* keys, int rows, int dk, float* kt, int stride)
    {
        for (int d = 0; d < dk; d++)
        {
            float* dst = kt + (long)d * stride;
            for (int j = 0; j < rows; j++) dst[j] = keys[(long)j * dk + d];
            new Span<float>(dst + rows, stride - rows).Clear();
        }
    }

    /// <returns>The stride of the value rows.</returns>
    static int Decode(KvCache cache, int layer, int g, int p0, int rows, int dk, int dv, bool latent, bool f16, float* kf, float* vf, out float* keys, out float* values)
    {
        byte* k = cache.Key(layer, g, p0);
        keys = (float*)k;
        if (f16)
        {
            TensorPrimitives.ConvertToSingle(new ReadOnlySpan<Half>(k, rows * dk), new Span<float>(kf, rows * dk));
            keys = kf;
        }
        if (latent) { values = keys; return dk; }               // values: the first R channels of each key row
        byte* v = cache.Value(layer, g, p0);
        values = (float*)v;
        if (!f16) return dv;
        TensorPrimitives.ConvertToSingle(new ReadOnlySpan<Half>(v, rows * dv), new Span<float>(vf, rows * dv));
        values = vf;
        return dv;
    }
}
