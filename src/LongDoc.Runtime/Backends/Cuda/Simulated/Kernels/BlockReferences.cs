using static LongDoc.Runtime.Backends.Cuda.Simulated.Kernels.HalfBits;

namespace LongDoc.Runtime.Backends.Cuda.Simulated.Kernels;

/// <summary>kernels/block_stats.cu and block_select.cu: the key block statistics and the block selection of block-sparse
/// attention. Legend: Hkv KV heads, DK key width, B block size, S positions, NBcap statistics capacity in blocks.</summary>
public static class BlockReferences
{
    public static IEnumerable<(string Entry, KernelReference Reference)> StatsEntries =>
    [
        ("block_stats_f16", new KernelReference(10, c => Stats(c, F16ToF32))),
        ("block_stats_bf16", new KernelReference(10, c => Stats(c, Bf16ToF32))),
    ];

    /// <summary>block_stats_type(k, kmin, kmax, ksum, cap, DK, B, S, first, NBcap): CTA (i, kvh) computes block first + i,
    /// per channel min, max and the f32 sum from the block's first position on.</summary>
    static void Stats(LaunchContext c, Func<ushort, float> widen)
    {
        var k = c.Ptr<ushort>(0, "k");
        var kmin = c.Ptr<float>(1, "kmin");
        var kmax = c.Ptr<float>(2, "kmax");
        var ksum = c.Ptr<float>(3, "ksum");
        int cap = c.Int(4), dk = c.Int(5), b = c.Int(6), positions = c.Int(7), first = c.Int(8), capacity = c.Int(9);
        for (int kvh = 0; kvh < c.Grid.Y; kvh++)
            for (int i = 0; i < c.Grid.X; i++)
            {
                int blk = first + i, p0 = blk * b, p1 = Math.Min(p0 + b, positions);
                if (p0 >= p1 || blk >= capacity) continue;
                for (int ch = 0; ch < dk; ch++)
                {
                    float lo = widen(k[((long)kvh * cap + p0) * dk + ch]), hi = lo, sum = lo;
                    for (int p = p0 + 1; p < p1; p++)
                    {
                        float x = widen(k[((long)kvh * cap + p) * dk + ch]);
                        lo = Fmin(lo, x);
                        hi = Fmax(hi, x);
                        sum += x;
                    }
                    long at = ((long)kvh * capacity + blk) * dk + ch;
                    kmin[at] = lo;
                    kmax[at] = hi;
                    ksum[at] = sum;
                }
            }
    }

    /// <summary>block_select(q, kmin, kmax, ksum, sel, nsel, T, H, Hkv, DK, start, B, NBcap, W, budget, KS, score_kind):
    /// CTA (i, kvh) chooses for query block start/B + i the sink, the window blocks and the best-scored candidates within
    /// the budget (quest or mean-key score of the group's pooled query; ties to the lower block, NaN last), ascending.</summary>
    public static void Select(LaunchContext c)
    {
        var q = c.Ptr<float>(0, "q");
        var kmin = c.Ptr<float>(1, "kmin");
        var kmax = c.Ptr<float>(2, "kmax");
        var ksum = c.Ptr<float>(3, "ksum");
        var sel = c.Ptr<int>(4, "sel");
        var nsel = c.Ptr<int>(5, "nsel");
        int tokens = c.Int(6), heads = c.Int(7), kvHeads = c.Int(8), dk = c.Int(9), start = c.Int(10), b = c.Int(11), capacity = c.Int(12);
        int window = c.Int(13), budget = c.Int(14), ks = c.Int(15), scoreKind = c.Int(16);
        int g = heads / kvHeads;
        for (int kvh = 0; kvh < c.Grid.Y; kvh++)
            for (int i = 0; i < c.Grid.X; i++)
            {
                int qb = start / b + i;
                int first = Math.Max(start, qb * b), last = Math.Min(start + tokens - 1, qb * b + b - 1);
                int r0 = first - start, r1 = last - start + 1, visible = qb + 1;
                bool all = visible <= budget;
                int wf = all ? 1 : Math.Min(Math.Max(Math.Max(0, first - window + 1) / b, 1), visible - 1);
                int kTop = all ? 0 : Math.Min(Math.Max(0, budget - (1 + visible - wf)), wf - 1);
                c.RequireShared((dk + (long)visible) * 4 + visible);
                var score = new float[visible];
                if (kTop > 0)
                {
                    var qp = new float[dk];
                    float inv = 1f / (r1 - r0);
                    for (int ch = 0; ch < dk; ch++)
                    {
                        float acc = 0f;
                        for (int r = r0; r < r1; r++)
                            for (int h = kvh * g; h < (kvh + 1) * g; h++) acc += q[((long)r * heads + h) * dk + ch];
                        qp[ch] = acc * inv;
                    }
                    for (int j = 1; j < wf; j++)
                    {
                        long at = ((long)kvh * capacity + j) * dk;
                        float s = 0f;
                        for (int ch = 0; ch < dk; ch++)
                            s += scoreKind == 0 ? Fmax(qp[ch] * kmax[at + ch], qp[ch] * kmin[at + ch]) : qp[ch] * ksum[at + ch];
                        if (scoreKind != 0) s /= b;
                        score[j] = float.IsNaN(s) ? NegInf : s;
                    }
                }
                var output = sel.Plus(((long)i * kvHeads + kvh) * ks);
                int n = 0;
                for (int j = 0; j < visible; j++)
                {
                    bool take = j == 0 || j >= wf;
                    if (!take && kTop > 0)
                    {
                        int rank = 0;
                        for (int cand = 1; cand < wf && rank < kTop; cand++)
                            rank += score[cand] > score[j] || (score[cand] == score[j] && cand < j) ? 1 : 0;
                        take = rank < kTop;
                    }
                    if (!take) continue;
                    if (n < ks) output[n] = j;
                    n++;
                }
                nsel[(long)i * kvHeads + kvh] = Math.Min(n, ks);
            }
    }
}
