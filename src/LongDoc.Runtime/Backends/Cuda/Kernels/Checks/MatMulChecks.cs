using LongDoc.Runtime.Backends.Cuda.SelfTest;
using LongDoc.Runtime.Weights;

namespace LongDoc.Runtime.Backends.Cuda.Kernels.Checks;

/// <summary>
/// Self-test checks of gemm.cu and gemv.cu against the CPU backend's MatMul on the same weight bytes. Size = tokens
/// (GEMM) or output rows (GEMV). GEMM rounds x and the decoded weights to bf16 (bound 1e-2). GEMV decodes in f32 and
/// rounds activations to bf16/f16 weights' precision as the CPU does (1e-5); the CPU quantizes activations for its
/// quantized dot products (Q8_0, Q8_1 or Q8_K blocks) and the GEMV does not, so every quantized type allows 1e-2. One
/// check per entry point of every weight type of <see cref="KernelTypes"/>; the types this runtime does not encode
/// (Q2_K, Q3_K and the I-quants) from random valid blocks (<see cref="CheckInputs.Weights"/>).
/// </summary>
public static unsafe class MatMulChecks
{
    public static readonly IReadOnlyList<KernelCheck> All =
    [
        .. KernelTypes.WeightTypes.Select(t => new KernelCheck($"gemm_{KernelTypes.WeightSuffix(t)}", Precision(t), 1e-2, [1, 65, 300],
            (c, n, r) => Gemm(c, n, r, t))),
        .. KernelTypes.WeightTypes.Select(t => new KernelCheck($"gemv_{KernelTypes.WeightSuffix(t)}", Precision(t), Bound(t), [1, 100, 3000],
            (c, n, r) => Gemv(c, n, r, t))),
    ];

    static string Precision(GgmlType t) => t.ToString().ToLowerInvariant();
    static double Bound(GgmlType t) => t is GgmlType.BF16 or GgmlType.F16 ? 1e-5 : 1e-2;

    /// <summary>y (T, 200) = x (T, 512) W^T: 200 is not a multiple of the 64-wide tile, T = 65 leaves a one-row tile.</summary>
    static CheckOutput Gemm(CudaCheckContext c, int tokens, Random rng, GgmlType type)
    {
        const int K = 512, N = 200;
        var (bytes, _) = CheckInputs.Weights(type, CudaCheckContext.RandomFloats(rng, N * K, 0.5f), N, K);
        var x = CudaCheckContext.RandomFloats(rng, tokens * K);
        var expected = new float[tokens * N];
        fixed (byte* w = bytes) c.Cpu.MatMul(new WeightMatrix(type, N, K, w), x, expected, tokens);
        var y = c.Poisoned<float>(expected.Length);
        GemmLauncher.Run(c.Kernels, c.Stream, tokens, K, N, type, c.Input<float>(x).Pointer, c.Input<byte>(bytes).Pointer, y.Pointer, accumulate: false);
        return new($"T={tokens} K={K} N={N}", expected, c.Read(y));
    }

    /// <summary>y (3, N) = x (3, 768) W^T, three decode tokens at once.</summary>
    static CheckOutput Gemv(CudaCheckContext c, int rows, Random rng, GgmlType type)
    {
        const int K = 768, Tokens = 3;
        var (bytes, _) = CheckInputs.Weights(type, CudaCheckContext.RandomFloats(rng, rows * K, 0.5f), rows, K);
        var x = CudaCheckContext.RandomFloats(rng, Tokens * K);
        var expected = new float[Tokens * rows];
        fixed (byte* w = bytes) c.Cpu.MatMul(new WeightMatrix(type, rows, K, w), x, expected, Tokens);
        var y = c.Poisoned<float>(expected.Length);
        GemvLauncher.Run(c.Kernels, c.Stream, Tokens, K, rows, type, c.Input<float>(x).Pointer, c.Input<byte>(bytes).Pointer, y.Pointer, accumulate: false);
        return new($"T={Tokens} K={K} N={rows}", expected, c.Read(y));
    }
}
