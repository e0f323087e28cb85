using System.Numerics.Tensors;
using LongDoc.Runtime.Models;

namespace LongDoc.Runtime.Backends.Cpu;

/// <summary>
/// Prefill attention over key blocks, flash-attention style, for the dense op (every visible block) and the
/// block-sparse op (the blocks selected per query block and KV group). One chunk per (query block, KV group, slice of
/// the block's tokens): the slice's queries of all the group's heads form one tile of R rows (pre-scaled, zero-padded
/// to a multiple of 4); every key block is decoded to f32 and transposed once per chunk, then S = Q Kt and O += P V run
/// as register-blocked GEMMs (<see cref="AttentionTile"/>) with an online softmax per row between them (log-sum-exp
/// merge per block, positions after the row's query masked). Same arithmetic per query as <see cref="AttentionJob"/>,
/// in another order.
/// Legend: T tokens, H heads, G = H/Hkv heads per group, Dk key length, Dv value length (R on the latent cache, whose
/// values are the first R channels of the key rows), B block, S = B rounded up to 64, N cache blocks, QB query blocks.
/// </summary>
internal sealed unsafe class TiledAttentionJob : IParallelJob
{
    /// <summary>Rows of one tile: 64 tokens of a 4-head group for 64-wide heads; fewer tokens for wide or many heads.</summary>
    const int TileFloats = 256 * 128;

    public float* Q;               // (T, H*Dk)
    public float* O;               // (T, H*Dv)
    public KvCache Cache = null!;
    public int Layer, Start, Tokens, Heads, LatentValueLength, Block;
    public float Scale;
    public int[]? Selected;        // (QB, Hkv, N) ascending block lists, or null = every visible block (dense)
    public int[] Counts = [];      // (QB, Hkv)

    int _slices, _sliceTokens;

    [ThreadStatic] static float[]? _q, _o, _s, _keys, _keysT, _values, _state;

    int Dv => LatentValueLength > 0 ? LatentValueLength : Cache.ValueLength;

    /// <returns>The number of chunks to run.</returns>
    public int Prepare()
    {
        int group = Heads / Cache.KvHeads, rowFloats = group * (Cache.KeyLength + Dv);
        _sliceTokens = Math.Clamp(TileFloats / rowFloats, 1, Block);
        _slices = (Block + _sliceTokens - 1) / _sliceTokens;
        int queryBlocks = (Start + Tokens - 1) / Block - Start / Block + 1;
        return queryBlocks * Cache.KvHeads * _slices;
    }

    public void Execute(int chunk)
    {
        var cache = Cache;
        int hkv = cache.KvHeads, group = Heads / hkv, dk = cache.KeyLength, dv = Dv, b = Block;
        int slice = chunk % _slices, list = chunk / _slices, g = list % hkv, qb = Start / b + list / hkv;
        int first = Math.Max(Start, qb * b + slice * _sliceTokens);
        int last = Math.Min(Math.Min(Start + Tokens - 1, qb * b + b - 1), qb * b + (slice + 1) * _sliceTokens - 1);
        if (first > last) return;
        int nq = last - first + 1, rows = nq * group, padded = (rows + AttentionTile.QueryRows - 1) / AttentionTile.QueryRows * AttentionTile.QueryRows;
        int stride = (b + AttentionTile.RowAlign - 1) / AttentionTile.RowAlign * AttentionTile.RowAlign;
        bool latent = LatentValueLength > 0, f16 = cache.Type == KvCacheType.F16;
        Ensure(ref _q, padded * dk); Ensure(ref _o, padded * dv); Ensure(ref _s, padded * stride);
        Ensure(ref _keys, b * dk); Ensure(ref _keysT, dk * stride); Ensure(ref _values, b * Math.Max(dv, 1)); Ensure(ref _state, 2 * padded);
        var m = _state.AsSpan(0, rows);
        var l = _state.AsSpan(padded, rows);
        m.Fill(float.NegativeInfinity);
        l.Clear();
        fixed (float* qt = _q, ot = _o, s = _s, kf = _keys, kt = _keysT, vf = _values)
        {
            // Q tile (R, Dk): row i*G + j = token first+i, head g*G + j, scaled; the group's heads are adjacent in Q.
            for (int i = 0; i < nq; i++)
                TensorPrimitives.Multiply(new ReadOnlySpan<float>(Q + ((long)(first + i - Start) * Heads + g * group) * dk, group * dk), Scale,
                    new Span<float>(qt + (long)i * group * dk, group * dk));
            new Span<float>(qt + (long)rows * dk, (padded - rows) * dk).Clear();
            new Span<float>(ot, padded * dv).Clear();
            bool dense = Selected is null;
            ReadOnlySpan<int> blocks = dense ? default : Selected.AsSpan(list * cache.BlockStatistics!.Blocks, Counts[list]);
            int count = dense ? qb + 1 : blocks.Length;
            for (int bi = 0; bi < count; bi++)
            {
                int blk = dense ? bi : blocks[bi];
                int p0 = blk * b, keyRows = Math.Min(p0 + b, last + 1) - p0;
                if (keyRows <= 0) continue;
                int vStride = Decode(cache, Layer, g, p0, keyRows, dk, dv, latent, f16, kf, vf, out float* keys, out float* values);
                Transpose(keys, keyRows, dk, kt, stride);
                AttentionTile.Scores(qt, padded, dk, kt, stride, s);
                for (int r = 0; r < rows; r++)
                {
                    // Row r: causal count inside the block, then the online softmax step; p replaces s in place.
                    int pos = first + r / group, valid = Math.Min(keyRows, pos + 1 - p0);
                    var sr = new Span<float>(s + (long)r * stride, keyRows);
                    if (valid <= 0) { sr.Clear(); continue; }
                    var live = sr[..valid];
                    float mb = TensorPrimitives.Max(live);
                    if (mb > m[r])
                    {
                        float f = MathF.Exp(m[r] - mb);
                        if (l[r] != 0) TensorPrimitives.Multiply(new Span<float>(ot + (long)r * dv, dv), f, new Span<float>(ot + (long)r * dv, dv));
                        l[r] *= f;
                        m[r] = mb;
                    }
                    TensorPrimitives.Subtract(live, m[r], live);
                    TensorPrimitives.Exp(live, live);
                    l[r] += TensorPrimitives.Sum(live);
                    sr[valid..].Clear();
                }
                for (int r = rows; r < padded; r++) new Span<float>(s + (long)r * stride, keyRows).Clear();
                AttentionTile.Accumulate(s, padded, stride, values, vStride, keyRows, ot, dv);
            }
            for (int i = 0; i < nq; i++)
                for (int j = 0; j < group; j++)
                {
                    int r = i * group + j;
                    TensorPrimitives.Multiply(new ReadOnlySpan<float>(ot + (long)r * dv, dv), 1f / l[r],
                        new Span<float>(O + ((long)(first + i - Start) * Heads + g * group + j) * dv, dv));
                }
        }
    }

    static void Ensure(ref float[]? buffer, int length)
    {
        if (buffer is null || buffer.Length < length) buffer = new float[length];
    }

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

    /// <summary>Rows p0..p0+rows of the group's keys and values as f32: the cache itself when F32, else decoded into scratch.</summary>
    /// <returns>The stride of the value rows.</returns>
    static int Decode(KvCache cache, int layer, int g, int p0, int rows, int dk, int dv, bool latent, bool f16, float* kf, float* vf, out float* keys, out float* values)
    {
        byte* k = cache.Key(layer, g, p0);
        keys = (float*)k;
        if (f16)
        {
            CpuRowDecoder.F16(k, kf, rows * dk);   // F16C widening (TensorPrimitives' Half path is far slower)
            keys = kf;
        }
        if (latent) { values = keys; return dk; }               // values: the first R channels of each key row
        byte* v = cache.Value(layer, g, p0);
        values = (float*)v;
        if (!f16) return dv;
        CpuRowDecoder.F16(v, vf, rows * dv);
        values = vf;
        return dv;
    }
}
