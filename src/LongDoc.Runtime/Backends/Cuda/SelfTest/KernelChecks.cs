using LongDoc.Runtime.Backends.Cuda.Ops;
using LongDoc.Runtime.Generation;
using LongDoc.Runtime.Weights;
using LongDoc.Runtime.Weights.Quantization;

namespace LongDoc.Runtime.Backends.Cuda.SelfTest;

/// <summary>
/// The registry of kernel checks that `longdoc selftest` runs, one line per check: add a line here with each new
/// launcher. Sizes include a non-multiple of the block width and a large one, so tails and grid strides are exercised.
/// </summary>
public static unsafe class KernelChecks
{
    public static readonly IReadOnlyList<KernelCheck> All =
    [
        new("fill_u32", "exact", 0, [1, 1000, 1 << 20], Fill),
        new("embedding_f32", "f32", 0, [1, 300, 4096], (c, n, r) => Embedding(c, n, r, GgmlType.F32)),
        new("embedding_f16", "f16", 0, [1, 300, 4096], (c, n, r) => Embedding(c, n, r, GgmlType.F16)),
        new("embedding_bf16", "bf16", 0, [1, 300, 4096], (c, n, r) => Embedding(c, n, r, GgmlType.BF16)),
        new("embedding_q8_0", "q8_0", 0, [1, 300, 4096], (c, n, r) => Embedding(c, n, r, GgmlType.Q8_0)),
        new("softmax_f32", "f32", 1e-6, [4, 100, 4096], Softmax),
        new("silu_mul_f32", "f32", 1e-6, [1, 1000, 65537], SiluMul),
        new("add_f32", "f32", 0, [1, 1000, 65537], Add),
        new("add_scaled_f32", "f32", 1e-7, [1, 1000, 65537], AddScaled),
        new("argmax_f32", "exact", 0, [3, 1000, 151936], Argmax),
        .. Kernels.Checks.NormRopeSampleChecks.All,
        .. Kernels.Checks.MatMulChecks.All,
        .. Kernels.Checks.AttentionChecks.All,
        .. Kernels.Checks.SelectionChecks.All,
        .. Kernels.Checks.MoeChecks.All,
        .. Kernels.Checks.DsaChecks.All,
    ];

    static CheckOutput Fill(CudaCheckContext c, int n, Random rng)
    {
        float value = (float)rng.NextDouble();
        var y = c.Poisoned<float>(n);
        new VectorLauncher(c.Device, c.Kernels).Fill(c.Stream, y.Pointer, BitConverter.SingleToUInt32Bits(value), n);
        return new($"n={n}", Enumerable.Repeat(value, n).ToArray(), c.Read(y));
    }

    /// <summary>Table (V=size, D=256) encoded to <paramref name="type"/>, 9 ids including the first and last row.</summary>
    static CheckOutput Embedding(CudaCheckContext c, int rows, Random rng, GgmlType type)
    {
        const int Cols = 256, Tokens = 9;
        var values = CudaCheckContext.RandomFloats(rng, rows * Cols, 2f);
        long rowBytes = GgmlTypeInfo.RowBytes(type, Cols);
        var table = new byte[rows * rowBytes];
        for (int r = 0; r < rows; r++)
            RowEncoder.FromSingle(type, values.AsSpan(r * Cols, Cols), table.AsSpan((int)(r * rowBytes), (int)rowBytes));
        var ids = Enumerable.Range(0, Tokens).Select(i => i == 0 ? 0 : i == 1 ? rows - 1 : rng.Next(rows)).ToArray();
        var expected = new float[Tokens * Cols];
        fixed (byte* t = table) c.Cpu.GetRows(new WeightMatrix(type, rows, Cols, t), ids, expected);

        var y = c.Poisoned<float>(expected.Length);
        new RowLauncher(c.Kernels).Embedding(c.Stream, type, c.Input<byte>(table).Pointer, rows, Cols, c.Input<int>(ids).Pointer, Tokens, y.Pointer);
        return new($"V={rows} D={Cols} T={Tokens}", expected, c.Read(y));
    }

    static CheckOutput Softmax(CudaCheckContext c, int n, Random rng)
    {
        const int Rows = 3;
        var x = CudaCheckContext.RandomFloats(rng, Rows * n, 8f);
        var expected = (float[])x.Clone();
        c.Cpu.Softmax(expected, n);
        var dx = c.Poisoned<float>(x.Length);
        dx.Upload(x);
        new RowLauncher(c.Kernels).Softmax(c.Stream, dx.Pointer, Rows, n);
        return new($"rows={Rows} n={n}", expected, c.Read(dx));
    }

    static CheckOutput SiluMul(CudaCheckContext c, int n, Random rng)
    {
        var gate = CudaCheckContext.RandomFloats(rng, n, 6f);
        var up = CudaCheckContext.RandomFloats(rng, n, 2f);
        var expected = (float[])gate.Clone();
        c.Cpu.SiluMul(expected, up);
        var g = c.Input<float>(gate);
        new VectorLauncher(c.Device, c.Kernels).SiluMul(c.Stream, g.Pointer, c.Input<float>(up).Pointer, n);
        return new($"n={n}", expected, c.Read(g));
    }

    static CheckOutput Add(CudaCheckContext c, int n, Random rng)
    {
        var x = CudaCheckContext.RandomFloats(rng, n);
        var y = CudaCheckContext.RandomFloats(rng, n);
        var expected = (float[])x.Clone();
        c.Cpu.Add(expected, y);
        var dx = c.Input<float>(x);
        new VectorLauncher(c.Device, c.Kernels).Add(c.Stream, dx.Pointer, c.Input<float>(y).Pointer, n);
        return new($"n={n}", expected, c.Read(dx));
    }

    static CheckOutput AddScaled(CudaCheckContext c, int n, Random rng)
    {
        var y = CudaCheckContext.RandomFloats(rng, n);
        var x = CudaCheckContext.RandomFloats(rng, n);
        float a = (float)rng.NextDouble();
        var expected = (float[])y.Clone();
        c.Cpu.AddScaled(expected, x, a);
        var dy = c.Input<float>(y);
        new VectorLauncher(c.Device, c.Kernels).AddScaled(c.Stream, dy.Pointer, c.Input<float>(x).Pointer, a, n);
        return new($"n={n}", expected, c.Read(dy));
    }

    /// <summary>5 rows; row 1 has its maximum twice (the lower index must win), row 2 a NaN that must not win.</summary>
    static CheckOutput Argmax(CudaCheckContext c, int n, Random rng)
    {
        const int Rows = 5;
        var x = CudaCheckContext.RandomFloats(rng, Rows * n, 10f);
        if (n > 2)
        {
            x[n + n - 1] = x[n + 1] = 100f;
            x[2 * n + n / 2] = float.NaN;
        }
        var expected = new float[Rows];
        for (int r = 0; r < Rows; r++) expected[r] = Sampler.ArgMax(x.AsSpan(r * n, n));
        var ids = c.Poisoned<int>(Rows);
        new RowLauncher(c.Kernels).Argmax(c.Stream, c.Input<float>(x).Pointer, Rows, n, ids.Pointer);
        return new($"rows={Rows} n={n}", expected, c.Read(ids).Select(i => (float)i).ToArray());
    }
}
