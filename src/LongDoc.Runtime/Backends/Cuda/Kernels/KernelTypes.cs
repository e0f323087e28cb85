using LongDoc.Runtime.Weights;

namespace LongDoc.Runtime.Backends.Cuda.Kernels;

/// <summary>Entry-point suffixes by element or weight type: data, not branches. A type missing here has no kernel.</summary>
public static class KernelTypes
{
    /// <summary>KV cache elements the attention and statistics kernels read.</summary>
    static readonly Dictionary<GgmlType, string> Cache = new()
    {
        [GgmlType.BF16] = "bf16",
        [GgmlType.F16] = "f16",
    };

    /// <summary>Weight types the GEMM, GEMV and MoE kernels decode (kernels/quant_blocks.cuh has the quantized ones), and
    /// the K granularity each needs: the k-step of 32, or the type's block of 256.</summary>
    static readonly Dictionary<GgmlType, (string Suffix, int KMultiple)> Weights = new()
    {
        [GgmlType.BF16] = ("bf16", 32),
        [GgmlType.F16] = ("f16", 32),
        [GgmlType.Q8_0] = ("q8_0", 32),
        [GgmlType.Q4_K] = ("q4_k", 256),
        [GgmlType.Q6_K] = ("q6_k", 256),
        [GgmlType.Q5_K] = ("q5_k", 256),
        [GgmlType.Q5_0] = ("q5_0", 32),
        [GgmlType.Q5_1] = ("q5_1", 32),
        [GgmlType.Q4_0] = ("q4_0", 32),
        [GgmlType.Q4_1] = ("q4_1", 32),
        [GgmlType.Q3_K] = ("q3_k", 256),
        [GgmlType.Q2_K] = ("q2_k", 256),
        [GgmlType.IQ4_NL] = ("iq4_nl", 32),
        [GgmlType.IQ4_XS] = ("iq4_xs", 256),
        [GgmlType.IQ2_XXS] = ("iq2_xxs", 256),   // the grid I-quants: kernels/iquant_blocks.cuh
        [GgmlType.IQ2_XS] = ("iq2_xs", 256),
        [GgmlType.IQ2_S] = ("iq2_s", 256),
        [GgmlType.IQ3_XXS] = ("iq3_xxs", 256),
        [GgmlType.IQ3_S] = ("iq3_s", 256),
        [GgmlType.IQ1_S] = ("iq1_s", 256),
        [GgmlType.IQ1_M] = ("iq1_m", 256),
    };

    public static IReadOnlyCollection<GgmlType> CacheTypes => Cache.Keys;
    public static IReadOnlyCollection<GgmlType> WeightTypes => Weights.Keys;

    /// <summary>The weight types decoded block by block (kernels/quant_blocks.cuh): every weight type but the 16-bit floats.</summary>
    public static IEnumerable<GgmlType> BlockWeightTypes => Weights.Keys.Where(t => t is not (GgmlType.BF16 or GgmlType.F16));

    public static string CacheSuffix(GgmlType t) => Cache.TryGetValue(t, out var s)
        ? s : throw new ArgumentException($"no CUDA attention kernel reads a {t} KV cache (kernels take {string.Join(", ", Cache.Keys)})");

    public static string WeightSuffix(GgmlType t) => Weights.TryGetValue(t, out var w)
        ? w.Suffix : throw new ArgumentException($"no CUDA matmul kernel decodes {t} weights (kernels take {string.Join(", ", Weights.Keys)})");

    /// <summary>Throws unless rows of <paramref name="k"/> values of type <paramref name="t"/> fit the kernels' k-steps.</summary>
    public static void CheckWidth(GgmlType t, int k, string what)
    {
        WeightSuffix(t);
        int m = Weights[t].KMultiple;
        if (k <= 0 || k % m != 0) throw new ArgumentException($"{what}: input width {k} must be a positive multiple of {m} for {t} weights");
    }

    /// <summary>Whether the matmul kernels decode <paramref name="t"/> and rows of <paramref name="k"/> values fit their k-steps.</summary>
    public static bool FitsWidth(GgmlType t, int k) => Weights.TryGetValue(t, out var w) && k > 0 && k % w.KMultiple == 0;

    /// <summary>Bytes of one row of <paramref name="k"/> values of type <paramref name="t"/>.</summary>
    public static long RowBytes(GgmlType t, int k) => GgmlTypeInfo.RowBytes(t, k);

    public static int CeilDiv(long a, int b) => checked((int)((a + b - 1) / b));
}
