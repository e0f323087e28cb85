using static LongDoc.Runtime.Backends.Cuda.Simulated.Kernels.HalfBits;
using static LongDoc.Runtime.Backends.Cuda.Simulated.Kernels.WeightTiles;

namespace LongDoc.Runtime.Backends.Cuda.Simulated.Kernels;

/// <summary>
/// The k-loop one CTA of gemm.cu and moe_gemm.cu runs (weight_tiles.cuh): per k-step of 32, the 64 x 32 activation
/// tile (float4 loads, rounded to bf16; rows outside the tile's valid rows are zero) and the 64 x 32 weight tile of
/// each weight (8 values per decoder call, rows past M are zero), then acc (64, 64) += A B^T in f32 (the mma's bf16
/// products accumulated in f32).
/// </summary>
static class TileMma
{
    /// <summary>Accumulates into <paramref name="acc"/>[w] (64 x 64 each) for every weight w of <paramref name="weights"/>:
    /// <paramref name="xRow"/>(r) is the activation row of tile row r (null: padding), weight row n0 + j at
    /// weights[w] + (n0 + j) * rowBytes.</summary>
    public static void Run(Func<int, DevicePtr<float>?> xRow, DevicePtr<byte>[] weights, Load8 load, int k, int n0, int m, long rowBytes, float[][] acc)
    {
        var a = new float[Bm * Bk];
        var b = new float[weights.Length][];
        for (int w = 0; w < weights.Length; w++) b[w] = new float[Bn * Bk];
        Span<ushort> v = stackalloc ushort[8];
        var rows = new DevicePtr<float>?[Bm];
        for (int r = 0; r < Bm; r++) rows[r] = xRow(r);
        for (int k0 = 0; k0 < k; k0 += Bk)
        {
            for (int r = 0; r < Bm; r++)
                for (int c = 0; c < Bk; c += 4)
                {
                    if (rows[r] is not { } x) { a.AsSpan(r * Bk + c, 4).Clear(); continue; }
                    x.Vector(k0 + c, 16);
                    for (int e = 0; e < 4; e++) a[r * Bk + c + e] = Bf16ToF32(Bf16FromF32(x[k0 + c + e]));
                }
            for (int w = 0; w < weights.Length; w++)
                for (int r = 0; r < Bn; r++)
                    for (int c = 0; c < Bk; c += 8)
                    {
                        v.Clear();
                        if (n0 + r < m) load(weights[w].Plus((n0 + r) * rowBytes), k0 + c, v);
                        for (int e = 0; e < 8; e++) b[w][r * Bk + c + e] = Bf16ToF32(v[e]);
                    }
            for (int w = 0; w < weights.Length; w++)
                for (int r = 0; r < Bm; r++)
                {
                    if (rows[r] == null) continue;
                    for (int j = 0; j < Bn; j++)
                    {
                        float s = 0f;
                        for (int kk = 0; kk < Bk; kk++) s += a[r * Bk + kk] * b[w][j * Bk + kk];
                        acc[w][r * Bn + j] += s;
                    }
                }
        }
    }
}
