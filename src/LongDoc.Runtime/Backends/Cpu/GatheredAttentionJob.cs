using System.Numerics.Tensors;
using System.Runtime.Intrinsics;
using LongDoc.Runtime.Models;

namespace LongDoc.Runtime.Backends.Cpu;

/// <summary>
/// DSA prefill in latent space over each token's selected positions, one chunk per token. Its selected cache rows
/// [c | k_pe] are gathered <see cref="BlockRows"/> at a time (never all at once) and used for both products before the
/// next block: transposed to f32 (R+Pe, 64) for the scores, every head's as outer products (8 heads x 32 positions in
/// 16 registers, a broadcast query element times two key vectors a step, as the indexer's <see cref="IndexScoreJob"/>),
/// the online softmax (running max and sum per head, the context rescaled when the max rises), then the block's
/// latents c (f32, row-major) added to the context times their weights, four heads x 64 values in 16 registers. Each
/// row is read from the cache once. The queries are rounded to f16 precision for an F16 cache, as MatMul rounds them
/// for F16 rows, so the result is the per-token ops' (MatMul of the gathered rows, Softmax, WeightedRowSum) within
/// float rounding; the 4 x 4 dot tiles those use ran this op ~1.3x slower (horizontal sums, rows streamed from L2).
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
    public int* Selected;     // (T, TopK) ascending positions
    public int* Counts;       // (T)
    public int TopK;

    [ThreadStatic] static float[]? _block, _keysT, _scores, _query, _max, _sum;
    [ThreadStatic] static byte[]? _staging;

    public void Execute(int chunk)
    {
        int row = Cache.KeyLength, heads = Heads, r = Latent, n = Counts[chunk];
        bool f16 = Cache.Type == KvCacheType.F16;
        Ensure(ref _block, BlockRows * r); Ensure(ref _keysT, row * BlockRows); Ensure(ref _scores, heads * BlockRows);
        Ensure(ref _query, heads * row); Ensure(ref _max, heads); Ensure(ref _sum, heads);
        if (_staging is null || _staging.Length < BlockRows * row * 4) _staging = GC.AllocateUninitializedArray<byte>(BlockRows * row * 4, pinned: true);
        fixed (byte* staging = _staging)
        fixed (float* block = _block, kt = _keysT, scores = _scores, rounded = _query, max = _max, sum = _sum)
        {
            float* q = Q + (long)chunk * heads * row, ctx = Ctx + (long)chunk * heads * r;
            if (f16) { ActivationRounding.Round(q, rounded, heads * row, ActivationRounding.F16Bits); q = rounded; }
            new Span<float>(ctx, heads * r).Clear();
            new Span<float>(max, heads).Fill(float.NegativeInfinity);
            new Span<float>(sum, heads).Clear();
            for (int b0 = 0; b0 < n; b0 += BlockRows)
            {
                int rows = Math.Min(BlockRows, n - b0);
                Gather(Selected + (long)chunk * TopK + b0, rows, row, f16, staging, kt, block, r);
                Scores(kt, row, q, heads, scores);
                for (int h = 0; h < heads; h++)
                {
                    var s = new Span<float>(scores + (long)h * BlockRows, rows);
                    TensorPrimitives.Multiply(s, Scale, s);
                    float top = TensorPrimitives.Max(s);
                    if (top > max[h])
                    {
                        float f = MathF.Exp(max[h] - top);   // 0 on the first block
                        var c = new Span<float>(ctx + (long)h * r, r);
                        TensorPrimitives.Multiply(c, f, c);
                        sum[h] *= f;
                        max[h] = top;
                    }
                    TensorPrimitives.Subtract(s, max[h], s);
                    TensorPrimitives.Exp(s, s);
                    sum[h] += TensorPrimitives.Sum(s);
                }
                if (f16) Accumulate(block, r, rows, r, scores, BlockRows, heads, ctx);
                else Accumulate((float*)staging, row, rows, r, scores, BlockRows, heads, ctx);
            }
            for (int h = 0; h < heads; h++)
            {
                var c = new Span<float>(ctx + (long)h * r, r);
                TensorPrimitives.Multiply(c, 1f / sum[h], c);
            }
        }
    }

    static void Ensure(ref float[]? buffer, int length)
    {
        if (buffer is null || buffer.Length < length) buffer = GC.AllocateUninitializedArray<float>(length, pinned: true);
    }

    /// <summary>The cache rows at positions copied into staging as they are stored, then transposed to f32 kt (R+Pe, 64)
    /// (positions past rows zero) and, for an F16 cache, their latents widened into block (rows, R); an F32 cache's
    /// staging rows are their own latents.</summary>
    void Gather(int* positions, int rows, int row, bool f16, byte* staging, float* kt, float* block, int r)
    {
        int rowBytes = row * (f16 ? 2 : 4);
        for (int i = 0; i < rows; i++) Buffer.MemoryCopy(Cache.Key(Layer, 0, positions[i]), staging + (long)i * rowBytes, rowBytes, rowBytes);
        if (!f16) { TiledAttentionJob.Transpose<F32Elements>(staging, rows, row, kt, BlockRows); return; }
        TiledAttentionJob.Transpose<F16Elements>(staging, rows, row, kt, BlockRows);
        for (int i = 0; i < rows; i++) CpuRowDecoder.F16(staging + (long)i * rowBytes, block + (long)i * r, r);
    }

    /// <summary>scores (H, 64) = q (H, R+Pe) @ kt (R+Pe, 64): 8 heads x 32 positions per register tile, the rest a head
    /// at a time; per score the elements in order, one fused multiply-add each.</summary>
    static void Scores(float* kt, int row, float* q, int heads, float* scores)
    {
        for (int j = 0; j < BlockRows; j += 32)
        {
            int h = 0;
            if (Vector512.IsHardwareAccelerated)
                for (; h + 8 <= heads; h += 8) Heads8(kt + j, row, q + (long)h * row, scores + (long)h * BlockRows + j);
            for (; h < heads; h++) HeadScalar(kt + j, row, q + (long)h * row, scores + (long)h * BlockRows + j);
        }
    }

    static void Heads8(float* kt, int di, float* q, float* y)
    {
        float* q0 = q, q1 = q + di, q2 = q + 2 * di, q3 = q + 3 * di, q4 = q + 4 * di, q5 = q + 5 * di, q6 = q + 6 * di, q7 = q + 7 * di;
        Vector512<float> a00 = default, a01 = default, a10 = default, a11 = default, a20 = default, a21 = default, a30 = default, a31 = default;
        Vector512<float> a40 = default, a41 = default, a50 = default, a51 = default, a60 = default, a61 = default, a70 = default, a71 = default;
        float* k = kt;
        for (int d = 0; d < di; d++, k += BlockRows)
        {
            var k0 = Vector512.Load(k); var k1 = Vector512.Load(k + 16);
            var b = Vector512.Create(q0[d]); a00 = Vector512.FusedMultiplyAdd(b, k0, a00); a01 = Vector512.FusedMultiplyAdd(b, k1, a01);
            b = Vector512.Create(q1[d]); a10 = Vector512.FusedMultiplyAdd(b, k0, a10); a11 = Vector512.FusedMultiplyAdd(b, k1, a11);
            b = Vector512.Create(q2[d]); a20 = Vector512.FusedMultiplyAdd(b, k0, a20); a21 = Vector512.FusedMultiplyAdd(b, k1, a21);
            b = Vector512.Create(q3[d]); a30 = Vector512.FusedMultiplyAdd(b, k0, a30); a31 = Vector512.FusedMultiplyAdd(b, k1, a31);
            b = Vector512.Create(q4[d]); a40 = Vector512.FusedMultiplyAdd(b, k0, a40); a41 = Vector512.FusedMultiplyAdd(b, k1, a41);
            b = Vector512.Create(q5[d]); a50 = Vector512.FusedMultiplyAdd(b, k0, a50); a51 = Vector512.FusedMultiplyAdd(b, k1, a51);
            b = Vector512.Create(q6[d]); a60 = Vector512.FusedMultiplyAdd(b, k0, a60); a61 = Vector512.FusedMultiplyAdd(b, k1, a61);
            b = Vector512.Create(q7[d]); a70 = Vector512.FusedMultiplyAdd(b, k0, a70); a71 = Vector512.FusedMultiplyAdd(b, k1, a71);
        }
        a00.Store(y); a01.Store(y + 16); a10.Store(y + BlockRows); a11.Store(y + BlockRows + 16);
        a20.Store(y + 2 * BlockRows); a21.Store(y + 2 * BlockRows + 16); a30.Store(y + 3 * BlockRows); a31.Store(y + 3 * BlockRows + 16);
        a40.Store(y + 4 * BlockRows); a41.Store(y + 4 * BlockRows + 16); a50.Store(y + 5 * BlockRows); a51.Store(y + 5 * BlockRows + 16);
        a60.Store(y + 6 * BlockRows); a61.Store(y + 6 * BlockRows + 16); a70.Store(y + 7 * BlockRows); a71.Store(y + 7 * BlockRows + 16);
    }

    /// <summary>The reference: one head, 32 positions.</summary>
    static void HeadScalar(float* kt, int di, float* q, float* y)
    {
        for (int j = 0; j < 32; j++)
        {
            float dot = 0;
            for (int d = 0; d < di; d++) dot = MathF.FusedMultiplyAdd(q[d], kt[(long)d * BlockRows + j], dot);
            y[j] = dot;
        }
    }

    /// <summary>ctx (H, R) += a (H, rows; stride) @ block (rows, :R) of block rows <paramref name="row"/> wide: per value the
    /// rows in order, one fused multiply-add each.</summary>
    static void Accumulate(float* block, int row, int rows, int r, float* a, int stride, int heads, float* ctx)
    {
        int c = 0;
        if (Vector512.IsHardwareAccelerated)
            for (; c + Columns <= r; c += Columns)
            {
                int h = 0;
                for (; h + 4 <= heads; h += 4) WeightedRowSumJob.Block512x4(block + c, row, a + (long)h * stride, stride, rows, ctx + (long)h * r + c, r);
                for (; h < heads; h++) ColumnsScalar(block + c, row, rows, a + (long)h * stride, ctx + (long)h * r + c, Columns);
            }
        for (int h = 0; h < heads && c < r; h++) ColumnsScalar(block + c, row, rows, a + (long)h * stride, ctx + (long)h * r + c, r - c);
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
