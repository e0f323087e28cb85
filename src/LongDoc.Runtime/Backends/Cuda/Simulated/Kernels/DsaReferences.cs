using LongDoc.Runtime.Layers;
using static LongDoc.Runtime.Backends.Cuda.Simulated.Kernels.HalfBits;

namespace LongDoc.Runtime.Backends.Cuda.Simulated.Kernels;

/// <summary>kernels/dsa_index.cu, dsa_topk.cu and dsa_mla.cu: the lightning indexer's scores, its top-k and sparse MLA
/// over the selected positions (DeepSeek Sparse Attention). Legend: T tokens, Hi index heads, Di index key width,
/// H heads, R latent rank, Pe rope width, K list capacity.</summary>
public static class DsaReferences
{
    public static IEnumerable<(string Entry, KernelReference Reference)> Entries =>
    [
        ("dsa_index_scores", new KernelReference(10, IndexScores)),
        ("dsa_topk", new KernelReference(7, TopK)),
        ("dsa_mla_f16", new KernelReference(11, Mla)),
    ];

    /// <summary>dsa_index_scores(q, w, k, scores, T, Hi, Di, start, ld, scale): row t, positions 0..start+t, of
    /// sum_h (scale w_h) ReLU(q_h . k_s) with q clamped to f16's range and rounded to f16, the f16 keys as stored, the
    /// dots accumulated in f32.</summary>
    static void IndexScores(LaunchContext c)
    {
        var q = c.Ptr<float>(0, "q");
        var w = c.Ptr<float>(1, "w");
        var k = c.Ptr<ushort>(2, "k");
        var scores = c.Ptr<float>(3, "scores");
        int tokens = c.Int(4), heads = c.Int(5), di = c.Int(6), start = c.Int(7), ld = c.Int(8);
        float scale = c.Float(9);
        int hp = (heads + 15) & ~15, dp = (di + 15) & ~15;
        c.Require(c.Block.Count == 128, "dsa_index_scores runs 4 warps");
        c.RequireShared((hp + 64L) * (dp + 8) * 2 + hp * 4L);
        c.Require(c.Grid.Y >= tokens && c.Grid.X * 64L >= start + tokens, "the grid covers every token's positions");
        var qb = new float[heads * di];
        var kb = new float[di];
        var row = new float[start + tokens];
        for (int t = 0; t < tokens; t++)
        {
            int count = start + t + 1;
            for (int i = 0; i < heads * di; i++) qb[i] = F16ToF32(F16FromF32(Fmin(Fmax(q[(long)t * heads * di + i], -65504f), 65504f)));
            Array.Clear(row);
            for (int s = 0; s < count; s++)
            {
                for (int ch = 0; ch < di; ch++) kb[ch] = F16ToF32(k[(long)s * di + ch]);
                float sum = 0f;
                for (int h = 0; h < heads; h++)
                {
                    float dot = 0f;
                    for (int ch = 0; ch < di; ch++) dot += qb[h * di + ch] * kb[ch];
                    sum += scale * w[(long)t * heads + h] * MathF.Max(dot, 0f);
                }
                row[s] = sum;
            }
            for (int s = 0; s < count; s++) scores[(long)t * ld + s] = row[s];
        }
    }

    /// <summary>dsa_topk(scores, sel, nsel, T, ld, start, K): per row as the .cu walks it, four 8-bit radix passes over
    /// the order-preserving keys (NaN as -inf, -0 as +0) narrowing to the K-th highest key, then one pass in position
    /// order taking every key above it and the first `need` equal to it (<see cref="TopPositions"/>' result).</summary>
    static void TopK(LaunchContext c)
    {
        var scores = c.Ptr<float>(0, "scores");
        var sel = c.Ptr<int>(1, "sel");
        var nsel = c.Ptr<int>(2, "nsel");
        int tokens = c.Int(3), ld = c.Int(4), start = c.Int(5), topK = c.Int(6);
        c.Require(c.Block.X % 32 == 0 && c.Block.Count == c.Block.X, "dsa_topk's block is one row of whole warps");
        c.Require(c.Grid.X >= tokens && topK >= 1, "one CTA per token and a list of at least one");
        var hist = new int[256];
        for (int t = 0; t < tokens; t++)
        {
            int n = start + t + 1;
            var row = scores.Plus((long)t * ld);
            var output = sel.Plus((long)t * topK);
            if (n <= topK)
            {
                for (int s = 0; s < n; s++) output[s] = s;
                nsel[t] = n;
                continue;
            }
            uint prefix = 0, mask = 0;
            int need = topK;
            for (int shift = 24; shift >= 0; shift -= 8)
            {
                Array.Clear(hist);
                for (int s = 0; s < n; s++)
                {
                    uint key = TopKKey(row[s]);
                    if ((key & mask) == prefix) hist[(key >> shift) & 255]++;
                }
                int above = 0, b = 255;
                for (; b > 0 && above + hist[b] < need; b--) above += hist[b];
                prefix |= (uint)b << shift;
                need -= above;
                mask |= 255u << shift;
            }
            int taken = 0, equal = 0;
            for (int s = 0; s < n; s++)
            {
                uint key = TopKKey(row[s]);
                bool take = key > prefix || (key == prefix && equal++ < need);
                if (take) output[taken++] = s;
            }
            nsel[t] = taken;
        }
    }

    static uint TopKKey(float f)
    {
        uint u = BitConverter.SingleToUInt32Bits(f);
        if ((u & 0x7fffffffu) > 0x7f800000u) u = 0xff800000u;
        if (u == 0x80000000u) u = 0;
        return (u & 0x80000000u) != 0 ? ~u : u | 0x80000000u;
    }

    /// <summary>f32 <paramref name="f"/> rounded to f16's 11-bit significand, f32's exponent kept (nearest even): what the
    /// CPU does to the activation of a matmul against f16 rows, and dsa_mla.cu to its query.</summary>
    public static float RoundF16Mantissa(float f)
    {
        uint u = BitConverter.SingleToUInt32Bits(f);
        return BitConverter.UInt32BitsToSingle((u + 0xfffu + ((u >> 13) & 1u)) & ~0x1fffu);
    }

    /// <summary>dsa_mla_f16(q, cache, sel, nsel, o, T, H, R, Pe, K, scale): per token and head, softmax of the scaled
    /// scores of the query (<see cref="RoundF16Mantissa"/>) against the f16 latent rows of the selection, then the
    /// weighted sum of their first R channels.</summary>
    static void Mla(LaunchContext c)
    {
        var q = c.Ptr<float>(0, "q");
        var cache = c.Ptr<ushort>(1, "cache");
        var sel = c.Ptr<int>(2, "sel");
        var nsel = c.Ptr<int>(3, "nsel");
        var o = c.Ptr<float>(4, "o");
        int tokens = c.Int(5), heads = c.Int(6), r = c.Int(7), pe = c.Int(8), topK = c.Int(9);
        float scale = c.Float(10);
        int width = r + pe;
        c.Require(c.Block.X % 32 == 0 && c.Block.Count == c.Block.X, "dsa_mla_f16's block is one row of whole warps");
        c.Require(c.Grid.X >= heads && c.Grid.Y >= tokens, "one CTA per head and token");
        c.RequireShared((width + (long)topK) * 4);
        for (int t = 0; t < tokens; t++)
        {
            int n = nsel[t];
            c.Require(n >= 1 && n <= topK, $"token {t} selects {n} positions (1..{topK})");
            var e = new float[n];
            for (int h = 0; h < heads; h++)
            {
                long qa = ((long)t * heads + h) * width;
                float m = float.NegativeInfinity;
                for (int j = 0; j < n; j++)
                {
                    long row = (long)sel[(long)t * topK + j] * width;
                    float dot = 0f;
                    for (int ch = 0; ch < width; ch++) dot += RoundF16Mantissa(q[qa + ch]) * F16ToF32(cache[row + ch]);
                    e[j] = dot * scale;
                    m = MathF.Max(m, e[j]);
                }
                float sum = 0f;
                for (int j = 0; j < n; j++) { e[j] = MathF.Exp(e[j] - m); sum += e[j]; }
                float inv = 1f / sum;
                for (int ch = 0; ch < r; ch++)
                {
                    float acc = 0f;
                    for (int j = 0; j < n; j++) acc += e[j] * F16ToF32(cache[(long)sel[(long)t * topK + j] * width + ch]);
                    o[((long)t * heads + h) * r + ch] = acc * inv;
                }
            }
        }
    }
}
