using LongDoc.Runtime.Backends.Cuda.Kernels;
using LongDoc.Runtime.Models;
using LongDoc.Runtime.Weights;

namespace LongDoc.Runtime.Backends.Cuda;

/// <summary>Where <see cref="CudaBackend"/> runs one call of a routed op.</summary>
public enum CudaPath { Cpu, Gemm, Gemv, AttentionPrefill, AttentionDecode, Experts }

/// <summary>
/// Which kernel (or the CPU) takes each MatMul and Attention call of <see cref="CudaBackend"/>: data, not branches,
/// so the routing is testable without a device. MatMul by stored weight type (the kernels decode bf16, f16, Q8_0 and
/// Q4_K; F32 and the other quantizations stay on the CPU), then by batch size (GEMV up to
/// <see cref="GemmLauncher.GemvTokens"/> tokens, GEMM above). Attention needs an F16 cache (the device mirror is a
/// byte copy of it), one token with widths the decode kernel takes, or a batch with head widths the prefill kernel
/// has an entry point for.
/// </summary>
public static class CudaRouting
{
    /// <summary>Stored weight types and whether MatMul over them runs on the device. A type missing here runs on the CPU.</summary>
    public static readonly IReadOnlyDictionary<GgmlType, bool> MatMulOnDevice = new Dictionary<GgmlType, bool>
    {
        [GgmlType.BF16] = true,
        [GgmlType.F16] = true,
        [GgmlType.Q8_0] = true,
        [GgmlType.Q4_K] = true,
        [GgmlType.F32] = false,    // no f32 gemm kernel: f32 models are test models, the CPU's SIMD path serves them
        [GgmlType.Q4_0] = false,
        [GgmlType.Q5_K] = false,
        [GgmlType.Q6_K] = false,
    };

    /// <summary>Stored expert weight types and whether the grouped expert call (moe_permute, moe_gemm, moe_unpermute) takes
    /// them: the types moe_gemm.cu decodes. Gate and up share one entry point, so they must have one type; down may differ.</summary>
    public static readonly IReadOnlyDictionary<GgmlType, bool> ExpertsOnDevice = new Dictionary<GgmlType, bool>
    {
        [GgmlType.BF16] = true,
        [GgmlType.F16] = true,
        [GgmlType.Q8_0] = true,
        [GgmlType.Q4_K] = true,
        [GgmlType.F32] = false,    // test models: Layers/Experts.cs's per-expert MatMuls, on the CPU
        [GgmlType.Q4_0] = false,
        [GgmlType.Q5_K] = false,
        [GgmlType.Q6_K] = false,   // Q4_K_M's ffn_down in some layers: per-expert MatMuls there (gate/up on the device, down on the CPU)
    };

    /// <summary>Routed experts of one layer: one grouped device call (<see cref="CudaPath.Experts"/>) when the weight types
    /// are in <see cref="ExpertsOnDevice"/>, gate/up take rows of D (= <paramref name="hidden"/>) and down rows of F
    /// (= <paramref name="ffn"/>) in their k-steps, and moe_permute's one CTA covers the E experts; else <see cref="CudaPath.Cpu"/>:
    /// the backend declines and Layers/Experts.cs runs one MatMul per expert, each routed by <see cref="MatMul"/>.</summary>
    public static CudaPath Experts(GgmlType gate, GgmlType up, GgmlType down, int experts, int active, int hidden, int ffn, int tokens) =>
        !ExpertsOnDevice.GetValueOrDefault(gate) || up != gate || !ExpertsOnDevice.GetValueOrDefault(down)
        || !KernelTypes.FitsWidth(gate, hidden) || !KernelTypes.FitsWidth(down, ffn)
        || experts < 1 || experts > MoePermuteLauncher.MaxExperts || active < 1 || active > experts || tokens < 1
        || (long)tokens * active > int.MaxValue ? CudaPath.Cpu : CudaPath.Experts;

    /// <summary>KV cache types the device mirrors, and the element type the attention kernels read them as.</summary>
    public static readonly IReadOnlyDictionary<KvCacheType, GgmlType> CacheOnDevice = new Dictionary<KvCacheType, GgmlType>
    {
        [KvCacheType.F16] = GgmlType.F16,   // F32 caches (checks) attend on the CPU: the kernels read 16-bit K/V
    };

    /// <summary>Block of the dense selection lists: every key block 0..ceil(S/B)-1 selected (the prefill kernel's tile).</summary>
    public const int Block = 64;

    public static CudaPath MatMul(GgmlType type, int inputWidth, int tokens) =>
        !MatMulOnDevice.GetValueOrDefault(type) || !KernelTypes.FitsWidth(type, inputWidth) || tokens < 1 ? CudaPath.Cpu
        : tokens <= GemmLauncher.GemvTokens ? CudaPath.Gemv : CudaPath.Gemm;

    public static CudaPath Attention(KvCacheType cache, int tokens, int heads, int kvHeads, int keyDim, int valueDim)
    {
        if (!CacheOnDevice.ContainsKey(cache) || tokens < 1 || kvHeads < 1 || heads % kvHeads != 0) return CudaPath.Cpu;
        if (tokens == 1 && DecodeWidth(keyDim) && DecodeWidth(valueDim)) return CudaPath.AttentionDecode;
        return AttentionPrefillLauncher.HeadDims.Contains((keyDim, valueDim)) ? CudaPath.AttentionPrefill : CudaPath.Cpu;
    }

    static bool DecodeWidth(int d) => d > 0 && d % 64 == 0 && d <= AttentionDecodeLauncher.MaxDim;

    /// <summary>Dense prefill of T tokens at <paramref name="start"/>: every key block up to the last position selected.</summary>
    public static AttentionPrefillShape PrefillShape(int tokens, int heads, int kvHeads, int keyDim, int valueDim, int start, int capacity) =>
        new(tokens, heads, kvHeads, keyDim, valueDim, Block, capacity, start, KernelTypes.CeilDiv(start + tokens, Block), GgmlType.F16);

    /// <summary>Dense decode of the query at <paramref name="positions"/>-1, split for <paramref name="multiprocessors"/> SMs.</summary>
    public static AttentionDecodeShape DecodeShape(int heads, int kvHeads, int keyDim, int valueDim, int positions, int capacity, int multiprocessors)
    {
        int blocks = KernelTypes.CeilDiv(positions, Block);
        return new(heads, kvHeads, keyDim, valueDim, keyDim, valueDim, positions, Block, capacity, blocks,
            AttentionDecodeLauncher.SplitsFor(heads, blocks, multiprocessors), GgmlType.F16);
    }

    /// <summary>Selection lists (lists, capacity) naming blocks 0..capacity-1 each, and their counts (lists).</summary>
    public static void FillDense(Span<int> sel, Span<int> nsel, int lists, int capacity)
    {
        for (int l = 0; l < lists; l++)
        {
            for (int b = 0; b < capacity; b++) sel[l * capacity + b] = b;
            nsel[l] = capacity;
        }
    }
}
