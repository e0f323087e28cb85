using System.Runtime.Intrinsics;
using LongDoc.Runtime.Models;

namespace LongDoc.Runtime.Backends.Cpu;

/// <summary>
/// DSA prefill in latent space over each token's selected positions, one chunk per token. Its selected cache rows
/// [c | k_pe] are gathered <see cref="BlockRows"/> at a time into an f32 block (in L2), never all at once; pass one
/// scores every head against them in 4 x 4 register tiles (<see cref="GemmTile"/>), then softmax per head over all
/// of them, then pass two gathers the latents c again and adds each row times its weight, four heads x 64 values in
/// 16 registers. The numbers are those of the per-token ops (MatMul of the gathered rows, Softmax, WeightedRowSum):
/// the same queries (rounded to f16 precision for an F16 cache, as MatMul rounds them), the same dot per score, rows
/// added in order with one fused multiply-add each.
/// Legend: H heads, R latent width, Pe rope width, K = the token's selected positions.
/// </summary>
internal sealed unsafe class GatheredAttentionJob : IParallelJob
{
    const int BlockRows = 64;
    const int Columns = 64;

    public KvCache Cache = null!;
    public int Layer, Heads, Latent;
    public float Scale;
    public float* Q;          // (T, H, R+Pe) absorbed queries
    public float* Ctx;        // (T, H, R)
    public int[] Selected = [];  // (batch, TopK) ascending positions
    public int[] Counts = [];    // (batch)
    public int TopK, FirstToken;

    [ThreadStatic] static float[]? _block, _scores, _query;

    public void Execute(int chunk)
    {
        int row = Cache.KeyLength, heads = Heads, r = Latent, t = FirstToken + chunk, n = Counts[t];
        bool f16 = Cache.Type == KvCacheType.F16;
        Ensure(ref _block, BlockRows * row); Ensure(ref _scores, heads * TopK); Ensure(ref _query, heads * row);
        fixed (int* positions = &Selected[t * TopK])
        fixed (float* block = _block, scores = _scores, rounded = _query)
        {
            float* q = Q + (long)chunk * heads * row, ctx = Ctx + (long)chunk * heads * r;
            if (f16) { ActivationRounding.Round(q, rounded, heads * row, ActivationRounding.F16Bits); q = rounded; }
            for (int b0 = 0; b0 < n; b0 += BlockRows)
            {
                int rows = Math.Min(BlockRows, n - b0);
                Gather(positions + b0, rows, row, f16, block, row);
                Scores(block, rows, row, q, heads, scores + b0, n);
            }
            for (int h = 0; h < heads; h++)
            {
                var s = new Span<float>(scores + (long)h * n, n);
                System.Numerics.Tensors.TensorPrimitives.Multiply(s, Scale, s);
                AttentionJob.SoftmaxInPlace(s);
            }
            new Span<float>(ctx, heads * r).Clear();
            for (int b0 = 0; b0 < n; b0 += BlockRows)
            {
                int rows = Math.Min(BlockRows, n - b0);
                Gather(positions + b0, rows, r, f16, block, r);
                Accumulate(block, rows, r, scores + b0, n, heads, ctx);
            }
        }
    }

    static void Ensure(ref float[]? buffer, int length)
    {
        if (buffer is null || buffer.Length < length) buffer = GC.AllocateUninitializedArray<float>(length, pinned: true);
    }

    /// <summary>The first <paramref name="width"/> values of the cache rows at positions as f32 rows of that width.</summary>
    void Gather(int* positions, int rows, int width, bool f16, float* block, int stride)
    {
        for (int i = 0; i < rows; i++)
        {
            byte* src = Cache.Key(Layer, 0, positions[i]);
            if (f16) CpuRowDecoder.F16(src, block + (long)i * stride, width);
            else Buffer.MemoryCopy(src, block + (long)i * stride, width * 4L, width * 4L);
        }
    }

    /// <summary>scores[h * stride + i] = q_h . block row i, 4 rows x 4 heads a tile, single dots on the edges.</summary>
    static void Scores(float* block, int rows, int row, float* q, int heads, float* scores, int stride)
    {
        int rt = rows / GemmTile.Rows * GemmTile.Rows, ht = heads / GemmTile.Tokens * GemmTile.Tokens;
        for (int i = 0; i < rt; i += GemmTile.Rows)
            for (int h = 0; h < ht; h += GemmTile.Tokens)
                GemmTile.Tile(block + (long)i * row, row, q + (long)h * row, row, row, scores + (long)h * stride + i, stride);
        for (int i = 0; i < rows; i++)
            for (int h = i < rt ? ht : 0; h < heads; h++)
                scores[(long)h * stride + i] = DotF32.Dot(block + (long)i * row, q + (long)h * row, row);
    }

    /// <summary>ctx (H, R) += a (H, rows; stride) @ block (rows, R): per value the rows in order, one fused multiply-add each.</summary>
    static void Accumulate(float* block, int rows, int r, float* a, int stride, int heads, float* ctx)
    {
        int c = 0;
        if (Vector512.IsHardwareAccelerated)
            for (; c + Columns <= r; c += Columns)
            {
                int h = 0;
                for (; h + 4 <= heads; h += 4) Columns4(block + c, r, rows, a + (long)h * stride, stride, ctx + (long)h * r + c, r);
                for (; h < heads; h++) ColumnsScalar(block + c, r, rows, a + (long)h * stride, ctx + (long)h * r + c, Columns);
            }
        for (int h = 0; h < heads && c < r; h++) ColumnsScalar(block + c, r, rows, a + (long)h * stride, ctx + (long)h * r + c, r - c);
    }

    /// <summary>Four heads x 64 values: 16 accumulators, each row load feeds four.</summary>
    static void Columns4(float* block, int blockStride, int rows, float* a, int aStride, float* y, int yStride)
    {
        float* a0 = a, a1 = a0 + aStride, a2 = a1 + aStride, a3 = a2 + aStride;
        float* y0 = y, y1 = y0 + yStride, y2 = y1 + yStride, y3 = y2 + yStride;
        var c00 = Vector512.Load(y0); var c01 = Vector512.Load(y0 + 16); var c02 = Vector512.Load(y0 + 32); var c03 = Vector512.Load(y0 + 48);
        var c10 = Vector512.Load(y1); var c11 = Vector512.Load(y1 + 16); var c12 = Vector512.Load(y1 + 32); var c13 = Vector512.Load(y1 + 48);
        var c20 = Vector512.Load(y2); var c21 = Vector512.Load(y2 + 16); var c22 = Vector512.Load(y2 + 32); var c23 = Vector512.Load(y2 + 48);
        var c30 = Vector512.Load(y3); var c31 = Vector512.Load(y3 + 16); var c32 = Vector512.Load(y3 + 32); var c33 = Vector512.Load(y3 + 48);
        float* s = block;
        for (int i = 0; i < rows; i++, s += blockStride)
        {
            var s0 = Vector512.Load(s); var s1 = Vector512.Load(s + 16); var s2 = Vector512.Load(s + 32); var s3 = Vector512.Load(s + 48);
            var w = Vector512.Create(a0[i]);
            c00 = Vector512.FusedMultiplyAdd(s0, w, c00); c01 = Vector512.FusedMultiplyAdd(s1, w, c01);
            c02 = Vector512.FusedMultiplyAdd(s2, w, c02); c03 = Vector512.FusedMultiplyAdd(s3, w, c03);
            w = Vector512.Create(a1[i]);
            c10 = Vector512.FusedMultiplyAdd(s0, w, c10); c11 = Vector512.FusedMultiplyAdd(s1, w, c11);
            c12 = Vector512.FusedMultiplyAdd(s2, w, c12); c13 = Vector512.FusedMultiplyAdd(s3, w, c13);
            w = Vector512.Create(a2[i]);
            c20 = Vector512.FusedMultiplyAdd(s0, w, c20); c21 = Vector512.FusedMultiplyAdd(s1, w, c21);
            c22 = Vector512.FusedMultiplyAdd(s2, w, c22); c23 = Vector512.FusedMultiplyAdd(s3, w, c23);
            w = Vector512.Create(a3[i]);
            c30 = Vector512.FusedMultiplyAdd(s0, w, c30); c31 = Vector512.FusedMultiplyAdd(s1, w, c31);
            c32 = Vector512.FusedMultiplyAdd(s2, w, c32); c33 = Vector512.FusedMultiplyAdd(s3, w, c33);
        }
        c00.Store(y0); c01.Store(y0 + 16); c02.Store(y0 + 32); c03.Store(y0 + 48);
        c10.Store(y1); c11.Store(y1 + 16); c12.Store(y1 + 32); c13.Store(y1 + 48);
        c20.Store(y2); c21.Store(y2 + 16); c22.Store(y2 + 32); c23.Store(y2 + 48);
        c30.Store(y3); c31.Store(y3 + 16); c32.Store(y3 + 32); c33.Store(y3 + 48);
    }

    /// <summary>The reference: one head, <paramref name="width"/> values, rows in order.</summary>
    static void ColumnsScalar(float* block, int blockStride, int rows, float* a, float* y, int width)
    {
        for (int c = 0; c < width; c++)
        {
            float acc = y[c];
            for (int i = 0; i < rows; i++) acc = MathF.FusedMultiplyAdd(block[(long)i * blockStride + c], a[i], acc);
            y[c] = acc;
        }
    }
}
