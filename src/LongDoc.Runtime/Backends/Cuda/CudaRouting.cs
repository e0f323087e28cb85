using LongDoc.Runtime.Backends.Cuda.Kernels;
using LongDoc.Runtime.Models;
using LongDoc.Runtime.Weights;

namespace LongDoc.Runtime.Backends.Cuda;

/// <summary>
/// One block-sparse attention call as <see cref="CudaRouting.SparseAttention"/> sees it: cache type, statistics block
/// B and blocks of the cache, T tokens, H heads, Hkv KV heads, key width Dk and value width Dv (the latent rank R for
/// the MLA call), and whether the call must report the dense mass it kept (--explain-attention with mass).
/// </summary>
public readonly record struct SparseRoute(KvCacheType Cache, int Block, int CacheBlocks, int Tokens, int Heads, int KvHeads, int KeyDim,
    int ValueDim, bool Mass)
{
    public static SparseRoute Of(in SparseAttentionCall c) => new(c.Cache.Type, c.Cache.BlockStatistics?.Block ?? 0,
        c.Cache.BlockStatistics?.Blocks ?? 0, c.Tokens, c.Heads, c.Cache.KvHeads, c.Cache.KeyLength,
        c.LatentValueLength > 0 ? c.LatentValueLength : c.Cache.ValueLength, c.Trace is not null && c.Options.ExplainMass);
}

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
public static partial class CudaRouting
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
        [GgmlType.Q4_1] = false,
        [GgmlType.Q5_0] = false,
        [GgmlType.Q5_1] = false,
        [GgmlType.Q2_K] = false,
        [GgmlType.Q3_K] = false,
        [GgmlType.IQ4_NL] = false,
        [GgmlType.IQ4_XS] = false,
        [GgmlType.IQ2_XXS] = false,
        [GgmlType.IQ2_XS] = false,
        [GgmlType.IQ3_XXS] = false,
        [GgmlType.IQ1_S] = false,
        [GgmlType.IQ3_S] = false,
        [GgmlType.IQ2_S] = false,
        [GgmlType.IQ1_M] = false,
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
        [GgmlType.Q4_1] = false,   // the fallbacks llama.cpp's quantizer writes for rows 256 does not divide, and the low-bit types
        [GgmlType.Q5_0] = false,
        [GgmlType.Q5_1] = false,
        [GgmlType.Q2_K] = false,
        [GgmlType.Q3_K] = false,
        [GgmlType.IQ4_NL] = false,
        [GgmlType.IQ4_XS] = false,
        [GgmlType.IQ2_XXS] = false,
        [GgmlType.IQ2_XS] = false,
        [GgmlType.IQ3_XXS] = false,
        [GgmlType.IQ1_S] = false,
        [GgmlType.IQ3_S] = false,
        [GgmlType.IQ2_S] = false,
        [GgmlType.IQ1_M] = false,
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

    /// <summary>
    /// Why a block-sparse call (<see cref="CudaBackend.SparseAttention"/>) runs the CPU op instead of block_stats.cu,
    /// block_select.cu and the sparse attention kernels: the first row that applies names the reason; none applies:
    /// the device. Checked in order, so later rows may assume the earlier ones passed.
    /// </summary>
    public static readonly IReadOnlyList<(string Reason, Func<SparseRoute, bool> Applies)> SparseOnCpu =
    [
        ("the cache is not mirrored on the device (F32)", r => !CacheOnDevice.ContainsKey(r.Cache)),
        ("the shape is empty or heads do not share KV heads evenly", r => r.Tokens < 1 || r.KvHeads < 1 || r.Heads % r.KvHeads != 0 || r.Block < 1),
        ("--explain-attention mass needs the dense scores of every position", r => r.Mass),
        ("decode widths are multiples of 64 up to 640", r => r.Tokens == 1 && !(DecodeWidth(r.KeyDim) && DecodeWidth(r.ValueDim))),
        ("the prefill kernel tiles blocks of a multiple of 64 positions", r => r.Tokens > 1 && r.Block % 64 != 0),
        ("no prefill entry point for these head widths (the MLA latent call among them)",
            r => r.Tokens > 1 && !AttentionPrefillLauncher.HeadDims.Contains((r.KeyDim, r.ValueDim))),
        ("the selection's scores of every cache block exceed shared memory",
            r => (r.KeyDim + (long)r.CacheBlocks) * 4 + r.CacheBlocks + 16 > DeviceLimits.Sm80.MaxSharedPerBlock),
    ];

    /// <summary>The path of a sparse call: the CPU op when a row of <see cref="SparseOnCpu"/> applies, else the sparse
    /// decode (one token) or prefill kernel after the device selection.</summary>
    public static CudaPath SparseAttention(in SparseRoute route) =>
        SparseCpuReason(route) != null ? CudaPath.Cpu : route.Tokens == 1 ? CudaPath.AttentionDecode : CudaPath.AttentionPrefill;

    /// <summary>The reason of the first row of <see cref="SparseOnCpu"/> that applies, or null (the device).</summary>
    public static string? SparseCpuReason(SparseRoute route)
    {
        foreach (var (reason, applies) in SparseOnCpu)
            if (applies(route)) return reason;
        return null;
    }

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
