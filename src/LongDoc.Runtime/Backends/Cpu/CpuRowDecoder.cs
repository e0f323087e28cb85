using System.Runtime.Intrinsics;
using LongDoc.Runtime.Backends.Cpu.Quant;
using LongDoc.Runtime.Weights;

namespace LongDoc.Runtime.Backends.Cpu;

/// <summary>
/// One stored row (n elements) -> f32: embedding lookups, and the prefill matmul, which decodes a few weight
/// rows once and dots them against every token of the batch (float types; quantized ones keep their integer dot).
/// One decoder per type, chosen from a table. Weights.Quantization.RowDecoder is the scalar reference for each.
/// </summary>
internal static unsafe class CpuRowDecoder
{
    static readonly Dictionary<GgmlType, nint> Table = new()
    {
        [GgmlType.F32] = (nint)(delegate*<byte*, float*, int, void>)&F32,
        [GgmlType.F16] = (nint)(delegate*<byte*, float*, int, void>)&F16,
        [GgmlType.BF16] = (nint)(delegate*<byte*, float*, int, void>)&BF16,
        [GgmlType.Q8_0] = (nint)(delegate*<byte*, float*, int, void>)&Q8_0,
        // Quantized embeddings (real Q4_K_M files store token_embd as Q4_K or Q6_K): ggml's dequantize_row_*.
        [GgmlType.Q4_0] = (nint)(delegate*<byte*, float*, int, void>)&QuantKernels.DecodeQ4_0,
        [GgmlType.Q4_1] = (nint)(delegate*<byte*, float*, int, void>)&QuantKernels.DecodeQ4_1,
        [GgmlType.Q5_0] = (nint)(delegate*<byte*, float*, int, void>)&QuantKernels.DecodeQ5_0,
        [GgmlType.Q5_1] = (nint)(delegate*<byte*, float*, int, void>)&QuantKernels.DecodeQ5_1,
        [GgmlType.Q2_K] = (nint)(delegate*<byte*, float*, int, void>)&QuantKernels.DecodeQ2_K,
        [GgmlType.Q3_K] = (nint)(delegate*<byte*, float*, int, void>)&QuantKernels.DecodeQ3_K,
        [GgmlType.IQ4_NL] = (nint)(delegate*<byte*, float*, int, void>)&QuantKernels.DecodeIQ4_NL,
        [GgmlType.IQ4_XS] = (nint)(delegate*<byte*, float*, int, void>)&QuantKernels.DecodeIQ4_XS,
        [GgmlType.IQ2_XXS] = (nint)(delegate*<byte*, float*, int, void>)&QuantKernels.DecodeIQ2_XXS,
        [GgmlType.IQ2_XS] = (nint)(delegate*<byte*, float*, int, void>)&QuantKernels.DecodeIQ2_XS,
        [GgmlType.IQ3_XXS] = (nint)(delegate*<byte*, float*, int, void>)&QuantKernels.DecodeIQ3_XXS,
        [GgmlType.IQ1_S] = (nint)(delegate*<byte*, float*, int, void>)&QuantKernels.DecodeIQ1_S,
        [GgmlType.IQ3_S] = (nint)(delegate*<byte*, float*, int, void>)&QuantKernels.DecodeIQ3_S,
        [GgmlType.IQ2_S] = (nint)(delegate*<byte*, float*, int, void>)&QuantKernels.DecodeIQ2_S,
        [GgmlType.IQ1_M] = (nint)(delegate*<byte*, float*, int, void>)&QuantKernels.DecodeIQ1_M,
        [GgmlType.Q4_K] = (nint)(delegate*<byte*, float*, int, void>)&QuantKernels.DecodeQ4_K,
        [GgmlType.Q5_K] = (nint)(delegate*<byte*, float*, int, void>)&QuantKernels.DecodeQ5_K,
        [GgmlType.Q6_K] = (nint)(delegate*<byte*, float*, int, void>)&QuantKernels.DecodeQ6_K,
    };

    public static bool Supports(GgmlType type) => Table.ContainsKey(type);

    public static delegate*<byte*, float*, int, void> For(GgmlType type) =>
        Table.TryGetValue(type, out var f) ? (delegate*<byte*, float*, int, void>)f
            : throw new NotSupportedException($"CPU backend: no decoder for {type} rows");

    public static void F32(byte* row, float* dst, int n) => Buffer.MemoryCopy(row, dst, n * 4L, n * 4L);

    public static void F16(byte* row, float* dst, int n)
    {
        ushort* w = (ushort*)row;
        int i = 0;
        if (Vector512.IsHardwareAccelerated)
            for (; i + 16 <= n; i += 16) HalfBits.F16x16(w + i).Store(dst + i);
        else if (Vector256.IsHardwareAccelerated)
            for (; i + 8 <= n; i += 8) HalfBits.F16x8(w + i).Store(dst + i);
        F16Scalar(w + i, dst + i, n - i);
    }

    public static void F16Scalar(ushort* w, float* dst, int n)
    {
        var table = HalfBits.F16ToF32;
        for (int i = 0; i < n; i++) dst[i] = table[w[i]];
    }

    public static void BF16(byte* row, float* dst, int n)
    {
        ushort* w = (ushort*)row;
        int i = 0;
        if (Vector512.IsHardwareAccelerated)
            for (; i + 16 <= n; i += 16) HalfBits.Bf16x16(w + i).Store(dst + i);
        for (; i < n; i++) dst[i] = HalfBits.Bf16(w[i]);
    }

    public static void Q8_0(byte* row, float* dst, int n)
    {
        var table = HalfBits.F16ToF32;
        for (int b = 0; b < n / DotQ8_0.Block; b++, row += DotQ8_0.BlockBytes)
        {
            float d = table[*(ushort*)row];
            sbyte* q = (sbyte*)(row + 2);
            for (int i = 0; i < DotQ8_0.Block; i++) dst[b * DotQ8_0.Block + i] = q[i] * d;
        }
    }
}
