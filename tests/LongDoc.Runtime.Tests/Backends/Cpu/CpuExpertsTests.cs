using System.Runtime.InteropServices;
using LongDoc.Runtime.Backends;
using LongDoc.Runtime.Backends.Cpu;
using LongDoc.Runtime.Weights;
using LongDoc.Runtime.Weights.Quantization;

namespace LongDoc.Runtime.Tests.Backends.Cpu;

/// <summary>
/// CpuBackend.TryExperts (a MoE layer's routed experts in prefill as two grouped parallel jobs) against the
/// per-expert path of Layers/Experts.cs written out with the backend's MatMul, SiluMul and AddScaled: bit for bit.
/// </summary>
public sealed unsafe class CpuExpertsTests
{
    const int D = 512, F = 256, E = 5, A = 2;

    static WeightMatrix Random(GgmlType type, int rows, int cols, Random rng)
    {
        long rowBytes = GgmlTypeInfo.RowBytes(type, cols);
        byte* data = (byte*)NativeMemory.Alloc((nuint)(rowBytes * rows));
        var values = new float[cols];
        for (int r = 0; r < rows; r++)
        {
            for (int i = 0; i < cols; i++) values[i] = (float)(rng.NextDouble() * 2 - 1);
            RowEncoder.FromSingle(type, values, new Span<byte>(data + r * rowBytes, (int)rowBytes));
        }
        return new WeightMatrix(type, rows, cols, data);
    }

    /// <summary>Layers/Experts.cs's per-expert loop on the same backend.</summary>
    static float[] PerExpert(CpuBackend backend, WeightMatrix[] gate, WeightMatrix[] up, WeightMatrix[] down, int[] ids, float[] weights, float[] x, int tokens)
    {
        var y = new float[tokens * D];
        for (int e = 0; e < E; e++)
        {
            var mine = Enumerable.Range(0, tokens * A).Where(i => ids[i] == e).ToArray();
            if (mine.Length == 0) continue;
            int n = mine.Length;
            var xe = new float[n * D];
            for (int i = 0; i < n; i++) x.AsSpan(mine[i] / A * D, D).CopyTo(xe.AsSpan(i * D));
            var g = new float[n * F];
            var u = new float[n * F];
            var o = new float[n * D];
            backend.MatMul(gate[e], xe, g, n);
            backend.MatMul(up[e], xe, u, n);
            backend.SiluMul(g, u);
            backend.MatMul(down[e], g, o, n);
            for (int i = 0; i < n; i++) backend.AddScaled(y.AsSpan(mine[i] / A * D, D), o.AsSpan(i * D, D), weights[mine[i]]);
        }
        return y;
    }

    [Fact]
    public void TryExperts_QuantizedPrefill_EqualsPerExpertPathBitForBit()
    {
        var rng = new Random(4);
        var gate = Enumerable.Range(0, E).Select(_ => Random(GgmlType.Q4_K, F, D, rng)).ToArray();
        var up = Enumerable.Range(0, E).Select(_ => Random(GgmlType.Q4_K, F, D, rng)).ToArray();
        var down = Enumerable.Range(0, E).Select(e => Random(e % 2 == 0 ? GgmlType.Q6_K : GgmlType.Q4_K, D, F, rng)).ToArray();
        try
        {
            using var backend = new CpuBackend(threads: 2);
            foreach (int tokens in new[] { 2, 37 })
            {
                // Expert 4 gets 3 tokens at most (the 4-token kernels), expert 0 many (the tiles), expert 3 none.
                var ids = new int[tokens * A];
                for (int t = 0; t < tokens; t++)
                {
                    ids[t * A] = t < 3 ? 4 : 0;
                    ids[t * A + 1] = 1 + rng.Next(2);
                }
                var weights = Enumerable.Range(0, tokens * A).Select(_ => rng.NextSingle()).ToArray();
                var x = KernelData.Floats(rng, tokens * D, 2f);
                var y = new float[tokens * D];
                Assert.True(backend.TryExperts(new ExpertCall(gate, up, down, ids, weights, tokens, A), x, y));
                var expected = PerExpert(backend, gate, up, down, ids, weights, x, tokens);
                for (int i = 0; i < expected.Length; i++) Assert.True(expected[i] == y[i], $"T={tokens} y[{i}]: per expert {expected[i]}, grouped {y[i]}");
            }
        }
        finally
        {
            foreach (var m in gate.Concat(up).Concat(down)) NativeMemory.Free(m.Data);
        }
    }

    [Fact]
    public void TryExperts_OneTokenOrFloatWeights_Declined()
    {
        var rng = new Random(5);
        var q = Enumerable.Range(0, 3 * E).Select(i => Random(GgmlType.Q4_K, i < 2 * E ? F : D, i < 2 * E ? D : F, rng)).ToArray();
        byte* f16 = (byte*)NativeMemory.AllocZeroed((nuint)(F * D * 2));
        try
        {
            using var backend = new CpuBackend(threads: 1);
            var gate = q[..E]; var up = q[E..(2 * E)]; var down = q[(2 * E)..];
            var x = new float[2 * D];
            var y = new float[2 * D];
            Assert.False(backend.TryExperts(new ExpertCall(gate, up, down, new int[A], new float[A], 1, A), x, y));
            var floatGate = Enumerable.Repeat(new WeightMatrix(GgmlType.F16, F, D, f16), E).ToArray();
            Assert.False(backend.TryExperts(new ExpertCall(floatGate, up, down, new int[2 * A], new float[2 * A], 2, A), x, y));
        }
        finally
        {
            foreach (var m in q) NativeMemory.Free(m.Data);
            NativeMemory.Free(f16);
        }
    }
}
