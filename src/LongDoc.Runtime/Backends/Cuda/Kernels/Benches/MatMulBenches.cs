using LongDoc.Runtime.Backends.Cuda.Bench;
using LongDoc.Runtime.Weights;
using static LongDoc.Runtime.Backends.Cuda.Kernels.Benches.SparseBenches;

namespace LongDoc.Runtime.Backends.Cuda.Kernels.Benches;

/// <summary>
/// Benchmarks of the matmul kernels at Qwen3-30B-A3B sizes (D 2048, E 128, A 8, F 768, V 151936): the grouped expert
/// GEMM of a 4096-token prefill (routing spread evenly), a dense projection, and decode GEMVs over the LM head.
/// </summary>
public static class MatMulBenches
{
    const int D = 2048, E = 128, A = 8, F = 768, V = 151936, Tokens = 4096;

    public static readonly IReadOnlyList<(string Name, Func<CudaDevice, CudaKernels, BenchCase> Create)> All =
    [
        ("moe_gemm_swiglu_bf16", (d, k) => MoeGateUp(d, k, GgmlType.BF16)),
        ("moe_gemm_swiglu_q4_k", (d, k) => MoeGateUp(d, k, GgmlType.Q4_K)),
        ("gemm_bf16", (d, k) => Gemm(d, k, GgmlType.BF16)),
        ("gemm_q8_0", (d, k) => Gemm(d, k, GgmlType.Q8_0)),
        ("gemv_bf16", (d, k) => Gemv(d, k, GgmlType.BF16)),
        ("gemv_q4_k", (d, k) => Gemv(d, k, GgmlType.Q4_K)),
        ("gemv_q6_k", (d, k) => Gemv(d, k, GgmlType.Q6_K)),    // a Q4_K_M file's LM head
        ("gemv_q5_0", (d, k) => Gemv(d, k, GgmlType.Q5_0)),    // its fallback for rows 256 does not divide
    ];

    static BenchCase MoeGateUp(CudaDevice d, CudaKernels k, GgmlType type)
    {
        int rows = Tokens * A;
        var shape = new MoeGemmShape(rows, E, A, D, F, type, SwiGlu: true);
        var offsets = Upload(d, Enumerable.Range(0, E + 1).Select(e => e * rows / E).ToArray());
        var rowSrc = Upload(d, Enumerable.Range(0, rows).ToArray());
        var x = Zeros<float>(d, (long)Tokens * D);
        var wg = Zeros<byte>(d, MoeGemmLauncher.ExpertBytes(shape) * E);
        var wu = Zeros<byte>(d, MoeGemmLauncher.ExpertBytes(shape) * E);
        var y = Zeros<float>(d, (long)rows * F);
        double flops = 2.0 * 2 * rows * D * F;
        double bytes = 2.0 * wg.Bytes + (double)rows * D * 4 + (double)rows * F * 4;
        var c = new BenchCase($"moe_gemm_swiglu_{KernelTypes.WeightSuffix(type)}", $"N={rows} E={E} D={D} F={F}", bytes, flops,
            s => MoeGemmLauncher.Run(k, s, shape, x.Pointer, wg.Pointer, wu.Pointer, offsets.Pointer, rowSrc.Pointer, y.Pointer));
        c.Buffers.AddRange([offsets, rowSrc, x, wg, wu, y]);
        return c;
    }

    /// <summary>The fused q/k/v-sized projection of a prefill batch: (4096, 2048) x (2048 -> 4096).</summary>
    static BenchCase Gemm(CudaDevice d, CudaKernels k, GgmlType type)
    {
        const int N = 4096;
        var x = Zeros<float>(d, (long)Tokens * D);
        var w = Zeros<byte>(d, KernelTypes.RowBytes(type, D) * N);
        var y = Zeros<float>(d, (long)Tokens * N);
        var c = new BenchCase($"gemm_{KernelTypes.WeightSuffix(type)}", $"T={Tokens} K={D} N={N}", w.Bytes + x.Bytes + y.Bytes, 2.0 * Tokens * D * N,
            s => GemmLauncher.Run(k, s, Tokens, D, N, type, x.Pointer, w.Pointer, y.Pointer, accumulate: false));
        c.Buffers.AddRange([x, w, y]);
        return c;
    }

    /// <summary>One decode token through the LM head (V x D): bound by reading the weights.</summary>
    static BenchCase Gemv(CudaDevice d, CudaKernels k, GgmlType type)
    {
        var x = Zeros<float>(d, D);
        var w = Zeros<byte>(d, KernelTypes.RowBytes(type, D) * V);
        var y = Zeros<float>(d, V);
        var c = new BenchCase($"gemv_{KernelTypes.WeightSuffix(type)}", $"T=1 K={D} N={V}", w.Bytes + y.Bytes, 2.0 * D * V,
            s => GemvLauncher.Run(k, s, 1, D, V, type, x.Pointer, w.Pointer, y.Pointer, accumulate: false));
        c.Buffers.AddRange([x, w, y]);
        return c;
    }
}
