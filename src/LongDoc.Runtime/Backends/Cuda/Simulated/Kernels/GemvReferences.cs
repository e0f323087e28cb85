using LongDoc.Runtime.Backends.Cuda.Kernels;
using LongDoc.Runtime.Weights;
using static LongDoc.Runtime.Backends.Cuda.Simulated.Kernels.HalfBits;

namespace LongDoc.Runtime.Backends.Cuda.Simulated.Kernels;

/// <summary>
/// kernels/gemv.cu: y (Z, T, N) (+)= x (Z, T, K) @ W (Z, N, K)^T for T &lt;= 8, one warp per weight row
/// (n = blockIdx.x * warps + warp, grid (ceil(N / 8), 1, Z)), lane l dots units l, l + 32, ... of the row and the 32
/// lane sums are reduced by the xor-shuffle tree. bf16/f16 weights see their activations rounded to 16 / 13 dropped
/// mantissa bits first. Parameters (x, w, y, T, K, N, rowBytes, xBatch, wBatchBytes, yBatch, accumulate).
/// </summary>
public static class GemvReferences
{
    const int TMax = 8;

    /// <summary>acc[t] += dot(unit u of row, x[t] at the unit's values).</summary>
    delegate void Dot(DevicePtr<byte> row, int u, DevicePtr<float> x, int k, int tokens, Span<float> acc);

    /// <summary>Entry point suffix, values per unit, dot: the 16-bit floats, then every type of kernels/quant_blocks.cuh.</summary>
    static readonly Dictionary<string, (int Unit, Dot Dot)> Formats = new Dictionary<string, (int Unit, Dot Dot)>
    {
        ["bf16"] = (8, DotBf16),
        ["f16"] = (8, DotF16),
    }.Concat(KernelTypes.BlockWeightTypes.Select(t => KeyValuePair.Create(KernelTypes.WeightSuffix(t),
        (32, (Dot)((row, u, x, k, tokens, acc) => DotBlock(t, row, u, x, k, tokens, acc))))))
     .ToDictionary();

    public static IEnumerable<(string Entry, KernelReference Reference)> Entries =>
        Formats.Select(f => ($"gemv_{f.Key}", new KernelReference(11, c => Run(c, f.Value.Unit, f.Value.Dot))));

    static void Run(LaunchContext c, int unit, Dot dot)
    {
        var x0 = c.Ptr<float>(0, "x");
        var w = c.Ptr<byte>(1, "w");
        var y0 = c.Ptr<float>(2, "y");
        int tokens = Math.Min(c.Int(3), TMax), k = c.Int(4), n = c.Int(5);
        long rowBytes = c.Long(6), xBatch = c.Long(7), wBatchBytes = c.Long(8), yBatch = c.Long(9);
        bool accumulate = c.Int(10) != 0;
        int warps = (int)c.Block.X / 32;
        var lanes = new float[32 * TMax];
        for (long z = 0; z < c.Grid.Z; z++)
            for (long bx = 0; bx < c.Grid.X; bx++)
                for (int warp = 0; warp < warps; warp++)
                {
                    long row = bx * warps + warp;
                    if (row >= n) continue;
                    var x = x0.Plus(z * xBatch);
                    var y = y0.Plus(z * yBatch);
                    var wr = w.Plus(z * wBatchBytes + row * rowBytes);
                    Array.Clear(lanes);
                    for (int lane = 0; lane < 32; lane++)
                        for (int u = lane; u < k / unit; u += 32) dot(wr, u, x, k, tokens, lanes.AsSpan(lane * TMax, TMax));
                    for (int off = 16; off > 0; off >>= 1)   // __shfl_xor_sync tree: every lane ends with the total
                    {
                        var before = (float[])lanes.Clone();
                        for (int lane = 0; lane < 32; lane++)
                            for (int t = 0; t < TMax; t++) lanes[lane * TMax + t] = before[lane * TMax + t] + before[(lane ^ off) * TMax + t];
                    }
                    for (int lane = 0; lane < tokens; lane++)
                    {
                        ref float dst = ref y[(long)lane * n + row];
                        float r = lanes[lane * TMax + lane];
                        dst = accumulate ? dst + r : r;
                    }
                }
    }

    /// <summary>round_bits&lt;DROP&gt;: round half to even on the dropped mantissa bits, kept as f32.</summary>
    static float RoundBits(float x, int drop)
    {
        uint u = BitConverter.SingleToUInt32Bits(x);
        uint r = (u + ((1u << (drop - 1)) - 1u) + ((u >> drop) & 1u)) & ~((1u << drop) - 1u);
        return BitConverter.UInt32BitsToSingle(r);
    }

    static void DotBf16(DevicePtr<byte> row, int u, DevicePtr<float> x, int k, int tokens, Span<float> acc) =>
        DotHalf(row, u, x, k, tokens, acc, Bf16ToF32, 16);

    static void DotF16(DevicePtr<byte> row, int u, DevicePtr<float> x, int k, int tokens, Span<float> acc) =>
        DotHalf(row, u, x, k, tokens, acc, F16ToF32, 13);

    static void DotHalf(DevicePtr<byte> row, int u, DevicePtr<float> x, int k, int tokens, Span<float> acc, Func<ushort, float> widen, int drop)
    {
        row.Vector(16L * u, 16);
        var w = row.Plus(16L * u).As<ushort>();
        Span<float> f = stackalloc float[8];
        for (int e = 0; e < 8; e++) f[e] = widen(w[e]);
        for (int t = 0; t < tokens; t++)
            for (int e = 0; e < 8; e++) acc[t] += f[e] * RoundBits(x[(long)t * k + 8 * u + e], drop);
    }

    /// <summary>WQuant&lt;B&gt;::dot: the 32 values of unit u decoded (<see cref="WeightTiles.Block"/>), then per token
    /// s = sum in order of value * x, acc[t] += s.</summary>
    static void DotBlock(GgmlType type, DevicePtr<byte> row, int u, DevicePtr<float> x, int k, int tokens, Span<float> acc)
    {
        Span<float> f = stackalloc float[32];
        WeightTiles.Block(type, row, 32 * u, f);
        for (int t = 0; t < tokens; t++)
        {
            var xs = x.Plus((long)t * k + 32 * u);
            float s = 0f;
            for (int e = 0; e < 32; e++) s += f[e] * xs[e];
            acc[t] += s;
        }
    }
}
