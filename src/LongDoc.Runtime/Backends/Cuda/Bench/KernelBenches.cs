using LongDoc.Runtime.Backends.Cuda.Ops;
using LongDoc.Runtime.Weights;

namespace LongDoc.Runtime.Backends.Cuda.Bench;

/// <summary>
/// The registry of kernel benchmarks `longdoc bench --device cuda` runs, at model-like sizes (Qwen3-30B-A3B: D 2048,
/// V 151936; prefill batch 4096 tokens). One factory per line: add a line with each new launcher. The factories
/// allocate and fill their inputs; bytes and flops are per launch.
/// </summary>
public static class KernelBenches
{
    public static readonly IReadOnlyList<(string Name, Func<CudaDevice, CudaKernels, BenchCase> Create)> All =
    [
        ("fill_u32", (d, k) => Vector(d, k, "fill_u32", 1 << 28, 4, (l, s, a, b, n) => l.Fill(s, a, 0, n))),
        ("add_f32", (d, k) => Vector(d, k, "add_f32", 1 << 26, 12, (l, s, a, b, n) => l.Add(s, a, b, n))),
        ("add_scaled_f32", (d, k) => Vector(d, k, "add_scaled_f32", 1 << 26, 12, (l, s, a, b, n) => l.AddScaled(s, a, b, 0.5f, n))),
        ("silu_mul_f32", (d, k) => Vector(d, k, "silu_mul_f32", 1 << 26, 12, (l, s, a, b, n) => l.SiluMul(s, a, b, n))),
        ("embedding_bf16", (d, k) => Embedding(d, k, GgmlType.BF16)),
        ("embedding_q8_0", (d, k) => Embedding(d, k, GgmlType.Q8_0)),
        ("softmax_f32", Softmax),
        ("argmax_f32", Argmax),
        .. Kernels.Benches.SparseBenches.All,
        .. Kernels.Benches.MatMulBenches.All,
        .. Kernels.Benches.DsaBenches.All,
    ];

    delegate void VectorOp(VectorLauncher launcher, CudaStream stream, DevicePointer a, DevicePointer b, long n);

    static BenchCase Vector(CudaDevice d, CudaKernels k, string name, long n, int bytesPerElement, VectorOp op)
    {
        var launcher = new VectorLauncher(d, k);
        var a = new DeviceBuffer<float>(d, n);
        var b = new DeviceBuffer<float>(d, n);
        a.Clear(); b.Clear();
        var c = new BenchCase(name, $"n={n}", (double)n * bytesPerElement, 0, s => op(launcher, s, a.Pointer, b.Pointer, n));
        c.Buffers.AddRange([a, b]);
        return c;
    }

    /// <summary>4096 tokens gathered from a 151936 x 2048 table: bytes = rows read in the stored type + f32 written.</summary>
    static BenchCase Embedding(CudaDevice d, CudaKernels k, GgmlType type)
    {
        const int Rows = 151936, Cols = 2048, Tokens = 4096;
        long rowBytes = GgmlTypeInfo.RowBytes(type, Cols);
        var table = new DeviceBuffer<byte>(d, Rows * rowBytes);
        table.Clear();
        var ids = new DeviceBuffer<int>(d, Tokens);
        ids.Upload(Enumerable.Range(0, Tokens).Select(i => (int)((long)i * 7919 % Rows)).ToArray());
        var y = new DeviceBuffer<float>(d, (long)Tokens * Cols);
        var launcher = new RowLauncher(k);
        var c = new BenchCase($"embedding_{type.ToString().ToLowerInvariant()}", $"V={Rows} D={Cols} T={Tokens}", Tokens * (rowBytes + 4.0 * Cols), 0,
            s => launcher.Embedding(s, type, table.Pointer, Rows, Cols, ids.Pointer, Tokens, y.Pointer));
        c.Buffers.AddRange([table, ids, y]);
        return c;
    }

    /// <summary>Router probabilities of a 4096-token batch over 128 experts: read + write each value.</summary>
    static BenchCase Softmax(CudaDevice d, CudaKernels k)
    {
        const int Rows = 4096, N = 128;
        var x = new DeviceBuffer<float>(d, Rows * N);
        x.Clear();
        var launcher = new RowLauncher(k);
        var c = new BenchCase("softmax_f32", $"rows={Rows} n={N}", Rows * N * 8.0, 0, s => launcher.Softmax(s, x.Pointer, Rows, N));
        c.Buffers.Add(x);
        return c;
    }

    /// <summary>Greedy pick over Qwen3's vocabulary for a batch of 64 sequences.</summary>
    static BenchCase Argmax(CudaDevice d, CudaKernels k)
    {
        const int Rows = 64, N = 151936;
        var x = new DeviceBuffer<float>(d, (long)Rows * N);
        x.Clear();
        var ids = new DeviceBuffer<int>(d, Rows);
        var launcher = new RowLauncher(k);
        var c = new BenchCase("argmax_f32", $"rows={Rows} n={N}", (double)Rows * N * 4, 0, s => launcher.Argmax(s, x.Pointer, Rows, N, ids.Pointer));
        c.Buffers.AddRange([x, ids]);
        return c;
    }
}
