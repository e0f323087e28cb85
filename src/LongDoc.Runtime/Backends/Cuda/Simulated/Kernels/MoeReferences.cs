namespace LongDoc.Runtime.Backends.Cuda.Simulated.Kernels;

/// <summary>
/// kernels/moe_permute.cu, moe_gemm.cu and moe_unpermute.cu: the grouped expert call. Legend: T tokens, A active,
/// N = T*A entries / sorted rows, E experts, K input width, M output width, D hidden.
/// </summary>
public static class MoeReferences
{
    /// <summary>moe_permute(const int* ids, int* offsets, int* rowSrc, int* entryRow, int N, int E): stable counting sort by
    /// expert; thread e &lt; E of the one CTA plays expert e; ids outside [0, E) are skipped and leave their rows unset.</summary>
    public static void Permute(LaunchContext c)
    {
        var ids = c.Ptr<int>(0, "ids");
        var offsets = c.Ptr<int>(1, "offsets");
        var rowSrc = c.Ptr<int>(2, "rowSrc");
        var entryRow = c.Ptr<int>(3, "entryRow");
        int n = c.Int(4), experts = c.Int(5);
        c.Require(c.Grid.Count == 1 && experts >= 1 && experts <= c.Block.X && c.Block.X <= 1024,
            "one CTA whose threads cover the experts (1 <= E <= blockDim.x <= 1024, the shared chunk and offsets)");
        int players = experts;
        var start = new int[experts + 1];
        for (int i = 0; i < n; i++)
        {
            int e = ids[i];
            if (e >= 0 && e < players) start[e + 1]++;
        }
        for (int e = 1; e <= experts; e++) start[e] += start[e - 1];
        for (int e = 0; e <= experts; e++) offsets[e] = start[e];
        var next = start[..experts];
        for (int i = 0; i < n; i++)
        {
            int e = ids[i];
            if (e < 0 || e >= players) continue;
            rowSrc[next[e]] = i;
            entryRow[i] = next[e];
            next[e]++;
        }
    }

    /// <summary>moe_gemm[_swiglu]_type(x, wg, wu, offsets, rowSrc, out, E, A, K, M, rowBytes, expertBytes): CTA x walks the
    /// per-expert tile counts to its (expert, row tile) and exits past the last; CTA y takes outputs 64 y ..</summary>
    public static IEnumerable<(string Entry, KernelReference Reference)> GemmEntries =>
        WeightTiles.Decoders.SelectMany(d => new[]
        {
            ($"moe_gemm_swiglu_{d.Key}", new KernelReference(12, c => Gemm(c, d.Value, swiGlu: true))),
            ($"moe_gemm_{d.Key}", new KernelReference(12, c => Gemm(c, d.Value, swiGlu: false))),
        });

    static void Gemm(LaunchContext c, WeightTiles.Load8 load, bool swiGlu)
    {
        var x = c.Ptr<float>(0, "x");
        var wg = c.Ptr<byte>(1, "wg");
        var wu = c.Ptr<byte>(2, "wu");
        var offsets = c.Ptr<int>(3, "offsets");
        var rowSrc = c.Ptr<int>(4, "rowSrc");
        var output = c.Ptr<float>(5, "out");
        int experts = c.Int(6), active = c.Int(7), k = c.Int(8), m = c.Int(9);
        long rowBytes = c.Long(10), expertBytes = c.Long(11);
        c.Require(c.Block.X == 128 && c.Block.Y == 1, "the kernel's 2 x 2 warps of 32 x 32 need 128 threads");
        for (int by = 0; by < c.Grid.Y; by++)
            for (int bx = 0; bx < c.Grid.X; bx++)
            {
                int tile = bx, e = 0, r0 = -1, r1 = 0;
                for (; e < experts; e++)
                {
                    int tiles = (offsets[e + 1] - offsets[e] + WeightTiles.Bm - 1) / WeightTiles.Bm;
                    if (tile < tiles) { r0 = offsets[e] + tile * WeightTiles.Bm; r1 = offsets[e + 1]; break; }
                    tile -= tiles;
                }
                if (r0 < 0) continue;
                int m0 = by * WeightTiles.Bn;
                var weights = swiGlu ? new[] { wg.Plus(e * expertBytes), wu.Plus(e * expertBytes) } : [wg.Plus(e * expertBytes)];
                var acc = weights.Select(_ => new float[WeightTiles.Bm * WeightTiles.Bn]).ToArray();
                TileMma.Run(r =>
                {
                    int row = r0 + r;
                    if (row >= r1) return null;
                    long src = rowSrc.IsNull ? row : rowSrc[row] / active;
                    return x.Plus(src * k);
                }, weights, load, k, m0, m, rowBytes, acc);
                for (int r = 0; r < WeightTiles.Bm && r0 + r < r1; r++)
                    for (int j = 0; j < WeightTiles.Bn && m0 + j < m; j++)
                    {
                        float gv = acc[0][r * WeightTiles.Bn + j];
                        output[(long)(r0 + r) * m + m0 + j] = swiGlu ? gv / (1f + MathF.Exp(-gv)) * acc[1][r * WeightTiles.Bn + j] : gv;
                    }
            }
    }

    /// <summary>moe_unpermute(const float* y, const int* entryRow, const float* weights, float* out, int T, int A, int D,
    /// int accumulate): out[t, d] (+)= sum over a in slot order of weights[t, a] * y[entryRow[t*A + a], d]; grid (T, gy),
    /// channel d = blockIdx.y * blockDim.x + thread, striding by gridDim.y * blockDim.x.</summary>
    public static void Unpermute(LaunchContext c)
    {
        var y = c.Ptr<float>(0, "y");
        var entryRow = c.Ptr<int>(1, "entryRow");
        var weights = c.Ptr<float>(2, "weights");
        var output = c.Ptr<float>(3, "out");
        int tokens = c.Int(4), active = c.Int(5), hidden = c.Int(6);
        bool accumulate = c.Int(7) != 0;
        long stride = c.Grid.Y * (long)c.Block.X;
        for (int t = 0; t < c.Grid.X && t < tokens; t++)
            for (long by = 0; by < c.Grid.Y; by++)
                for (long tid = 0; tid < c.Block.X; tid++)
                    for (long d = by * c.Block.X + tid; d < hidden; d += stride)
                    {
                        float acc = accumulate ? output[(long)t * hidden + d] : 0f;
                        for (int a = 0; a < active; a++)
                            acc += weights[(long)t * active + a] * y[(long)entryRow[(long)t * active + a] * hidden + d];
                        output[(long)t * hidden + d] = acc;
                    }
    }
}
