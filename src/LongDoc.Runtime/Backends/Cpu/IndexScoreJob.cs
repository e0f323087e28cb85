using System.Runtime.Intrinsics;

namespace LongDoc.Runtime.Backends.Cpu;

/// <summary>
/// The DSA indexer's scores of a chunk of query tokens as one cache-blocked GEMM with the ReLU and the head-weighted
/// sum fused: score(t, s) = sum_h w[t, h] ReLU(q[t, h] . k[s]), one chunk per tile of <see cref="Keys"/> positions.
/// A tile's keys (F16 or F32 as the cache holds them) are transposed to f32 (Di, 32) once, 16 KiB in L1 at Di 128,
/// then every token of the chunk that sees the tile runs over it: 8 heads x 32 positions of dot products in 16
/// registers, each step one broadcast query element times two key vectors. Per (t, s) the dot runs over the Di
/// elements in order and the score over the heads in order, one fused multiply-add each: the scalar path is the
/// reference, bit for bit (ReLU as x > 0 ? x : 0, which is what vmaxps(x, 0) gives for -0 and NaN too). Legend: C chunk tokens, Hi index heads, Di key length, P positions (Start + C).
/// </summary>
internal sealed unsafe class IndexScoreJob : IParallelJob
{
    public const int Keys = 32;

    public float* Q;          // (C, Hi, Di) rotated queries
    public float* W;          // (C, Hi) head weights, scaled
    public byte* KeyRows;     // (P, Di) cached keys
    public bool F16;
    public int Heads, KeyLength, Tokens, Start;
    public float* Scores;     // (C, Stride); a token's row is written up to its tile of positions
    public int Stride;

    [ThreadStatic] static float[]? _tile;

    public int Chunks => (Start + Tokens + Keys - 1) / Keys;

    public void Execute(int chunk)
    {
        int s0 = chunk * Keys, rows = Math.Min(Keys, Start + Tokens - s0), di = KeyLength;
        if (_tile is null || _tile.Length < di * Keys) _tile = GC.AllocateUninitializedArray<float>(di * Keys, pinned: true);
        fixed (float* kt = _tile)
        {
            byte* k = KeyRows + (long)s0 * di * (F16 ? 2 : 4);
            if (F16) TiledAttentionJob.Transpose<F16Elements>(k, rows, di, kt, Keys);
            else TiledAttentionJob.Transpose<F32Elements>(k, rows, di, kt, Keys);
            for (int t = Math.Max(0, s0 - Start); t < Tokens; t++) // tokens before s0 see none of the tile
                Tile(kt, Q + (long)t * Heads * di, W + (long)t * Heads, Heads, di, Scores + (long)t * Stride + s0);
        }
    }

    /// <summary>y (32) = sum_h w_h ReLU(q_h . kt[:, j]) for the 32 positions j of a transposed tile kt (Di, 32).</summary>
    public static void Tile(float* kt, float* q, float* w, int heads, int di, float* y)
    {
        if (!Vector512.IsHardwareAccelerated) { Scalar(kt, q, w, heads, di, y); return; }
        Vector512<float> y0 = default, y1 = default;
        int h = 0;
        for (; h + 8 <= heads; h += 8) Heads8(kt, q + (long)h * di, w + h, di, ref y0, ref y1);
        for (; h < heads; h++) Heads1(kt, q + (long)h * di, w[h], di, ref y0, ref y1);
        y0.Store(y); y1.Store(y + 16);
    }

    /// <summary>The reference: per position, each head's dot in order, then its weighted ReLU added.</summary>
    public static void Scalar(float* kt, float* q, float* w, int heads, int di, float* y)
    {
        for (int j = 0; j < Keys; j++)
        {
            float score = 0;
            for (int h = 0; h < heads; h++)
            {
                float dot = 0;
                for (int d = 0; d < di; d++) dot = MathF.FusedMultiplyAdd(q[h * di + d], kt[d * Keys + j], dot);
                score = MathF.FusedMultiplyAdd(dot > 0f ? dot : 0f, w[h], score);
            }
            y[j] = score;
        }
    }

    static void Heads8(float* kt, float* q, float* w, int di, ref Vector512<float> y0, ref Vector512<float> y1)
    {
        float* q0 = q, q1 = q + di, q2 = q + 2 * di, q3 = q + 3 * di, q4 = q + 4 * di, q5 = q + 5 * di, q6 = q + 6 * di, q7 = q + 7 * di;
        Vector512<float> a00 = default, a01 = default, a10 = default, a11 = default, a20 = default, a21 = default, a30 = default, a31 = default;
        Vector512<float> a40 = default, a41 = default, a50 = default, a51 = default, a60 = default, a61 = default, a70 = default, a71 = default;
        float* k = kt;
        for (int d = 0; d < di; d++, k += Keys)
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
        Add(a00, a01, w[0], ref y0, ref y1); Add(a10, a11, w[1], ref y0, ref y1);
        Add(a20, a21, w[2], ref y0, ref y1); Add(a30, a31, w[3], ref y0, ref y1);
        Add(a40, a41, w[4], ref y0, ref y1); Add(a50, a51, w[5], ref y0, ref y1);
        Add(a60, a61, w[6], ref y0, ref y1); Add(a70, a71, w[7], ref y0, ref y1);
    }

    static void Heads1(float* kt, float* q, float w, int di, ref Vector512<float> y0, ref Vector512<float> y1)
    {
        Vector512<float> a0 = default, a1 = default;
        float* k = kt;
        for (int d = 0; d < di; d++, k += Keys)
        {
            var b = Vector512.Create(q[d]);
            a0 = Vector512.FusedMultiplyAdd(b, Vector512.Load(k), a0);
            a1 = Vector512.FusedMultiplyAdd(b, Vector512.Load(k + 16), a1);
        }
        Add(a0, a1, w, ref y0, ref y1);
    }

    static void Add(Vector512<float> a0, Vector512<float> a1, float w, ref Vector512<float> y0, ref Vector512<float> y1)
    {
        var wv = Vector512.Create(w);
        y0 = Vector512.FusedMultiplyAdd(Vector512.MaxNative(a0, Vector512<float>.Zero), wv, y0);
        y1 = Vector512.FusedMultiplyAdd(Vector512.MaxNative(a1, Vector512<float>.Zero), wv, y1);
    }
}
