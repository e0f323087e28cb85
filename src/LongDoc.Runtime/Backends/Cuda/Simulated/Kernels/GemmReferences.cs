namespace LongDoc.Runtime.Backends.Cuda.Simulated.Kernels;

/// <summary>
/// kernels/gemm.cu: y (T, N) (+)= x (T, K) @ W (N, K)^T on bf16 tiles, CTA (bx, by) computes outputs n0 = 64 bx ..,
/// tokens t0 = 64 by .. (grid (ceil(N / 64), ceil(T / 64))), 128 threads. Parameters (x, w, y, T, K, N, rowBytes, accumulate).
/// </summary>
public static class GemmReferences
{
    public static IEnumerable<(string Entry, KernelReference Reference)> Entries =>
        WeightTiles.Decoders.Select(d => ($"gemm_{d.Key}", new KernelReference(8, c => Run(c, d.Value))));

    static void Run(LaunchContext c, WeightTiles.Load8 load)
    {
        var x = c.Ptr<float>(0, "x");
        var w = c.Ptr<byte>(1, "w");
        var y = c.Ptr<float>(2, "y");
        int tokens = c.Int(3), k = c.Int(4), n = c.Int(5);
        long rowBytes = c.Long(6);
        bool accumulate = c.Int(7) != 0;
        c.Require(c.Block.X == 128 && c.Block.Y == 1, "the kernel's 2 x 2 warps of 32 x 32 need 128 threads");
        for (int by = 0; by < c.Grid.Y; by++)
            for (int bx = 0; bx < c.Grid.X; bx++)
            {
                int t0 = by * WeightTiles.Bm, n0 = bx * WeightTiles.Bn;
                var acc = new[] { new float[WeightTiles.Bm * WeightTiles.Bn] };
                TileMma.Run(r => t0 + r < tokens ? x.Plus((long)(t0 + r) * k) : null, [w], load, k, n0, n, rowBytes, acc);
                for (int r = 0; r < WeightTiles.Bm && t0 + r < tokens; r++)
                    for (int j = 0; j < WeightTiles.Bn && n0 + j < n; j++)
                    {
                        ref float dst = ref y[(long)(t0 + r) * n + n0 + j];
                        dst = accumulate ? dst + acc[0][r * WeightTiles.Bn + j] : acc[0][r * WeightTiles.Bn + j];
                    }
            }
    }
}
