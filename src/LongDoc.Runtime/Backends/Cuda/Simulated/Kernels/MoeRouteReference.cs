using static LongDoc.Runtime.Backends.Cuda.Simulated.Kernels.HalfBits;

namespace LongDoc.Runtime.Backends.Cuda.Simulated.Kernels;

/// <summary>
/// kernels/moe_route.cu: per token (warp t % 4 of CTA t / 4, grid ceil(T / 4), 128 threads) gate scores p (softmax over
/// E or sigmoid), selection scores s = p + bias, with groups the GU groups whose two best s sum highest kept (ties to the
/// lower group), then A rounds of argmax over the untaken experts (ties to the lower index; when only -inf is left the
/// lowest untaken index), weights p of the chosen, normalized by max(sum, 2^-14) and scaled. Parameters (logits, bias,
/// ids, weights, T, E, A, gating, normalize, scale, NG, GU).
/// </summary>
public static class MoeRouteReference
{
    public static void Route(LaunchContext c)
    {
        var logits = c.Ptr<float>(0, "logits");
        var bias = c.Ptr<float>(1, "bias");
        var ids = c.Ptr<int>(2, "ids");
        var weights = c.Ptr<float>(3, "weights");
        int tokens = c.Int(4), experts = c.Int(5), active = c.Int(6), groups = c.Int(10), groupsUsed = c.Int(11);
        bool sigmoid = c.Int(7) != 0, normalize = c.Int(8) != 0;
        float scale = c.Float(9);
        c.Require(c.Block.X == 128, "4 warps, one token each");
        c.Require(experts <= 1024 && active <= 32 && (groups <= 1 || groups <= 32), "E <= 1024 (32 bits of taken), A <= 32 (one lane each), NG <= 32");
        c.RequireShared(4L * 2 * experts * 4);
        var p = new float[experts];
        var s = new float[experts];
        for (long block = 0; block < c.Grid.X; block++)
            for (int warp = 0; warp < 4; warp++)
            {
                long t = block * 4 + warp;
                if (t >= tokens) continue;
                var x = logits.Plus(t * experts);
                float mx = NegInf;
                for (int e = 0; e < experts; e++) mx = Fmax(mx, x[e]);
                float sum = 0f;
                for (int e = 0; e < experts; e++)
                {
                    p[e] = sigmoid ? 1f / (1f + MathF.Exp(-x[e])) : MathF.Exp(x[e] - mx);
                    sum += p[e];
                }
                for (int e = 0; e < experts; e++)
                {
                    if (!sigmoid) p[e] /= sum;
                    s[e] = p[e] + (bias.IsNull ? 0f : bias[e]);
                }
                if (groups > 1) KeepGroups(s, groups, groupsUsed);
                var taken = new bool[experts];
                var chosen = new int[active];
                float wsum = 0f;
                for (int a = 0; a < active; a++)
                {
                    int best = -1;
                    for (int e = 0; e < experts; e++)
                        if (!taken[e] && (best < 0 || s[e] > s[best])) best = e;
                    taken[best] = true;
                    chosen[a] = best;
                    wsum += p[best];
                }
                for (int a = 0; a < active; a++)
                {
                    float w = p[chosen[a]];
                    if (normalize) w /= Fmax(wsum, 6.103515625e-5f);
                    if (scale != 0f) w *= scale;
                    ids[t * active + a] = chosen[a];
                    weights[t * active + a] = w;
                }
            }
    }

    /// <summary>Sets s of the experts outside the <paramref name="used"/> best groups (two best scores summed) to -inf.</summary>
    static void KeepGroups(float[] s, int groups, int used)
    {
        int size = s.Length / groups;
        var score = new float[groups];
        for (int g = 0; g < groups; g++)
        {
            float best = NegInf, second = NegInf;
            for (int e = g * size; e < (g + 1) * size; e++)
            {
                if (s[e] > best) { second = best; best = s[e]; }
                else if (s[e] > second) second = s[e];
            }
            score[g] = size > 1 ? best + second : best;
        }
        var keep = new bool[groups];
        for (int r = 0; r < used; r++)
        {
            int best = -1;
            for (int g = 0; g < groups; g++)
                if (!keep[g] && (best < 0 || score[g] > score[best])) best = g;
            if (best >= 0) keep[best] = true;
        }
        for (int e = 0; e < s.Length; e++)
            if (!keep[e / size]) s[e] = NegInf;
    }
}
