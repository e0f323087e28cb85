using LongDoc.Runtime.Weights;
using LongDoc.Runtime.Weights.Quantization;

namespace LongDoc.Runtime.Backends.Cpu.Quant;

/// <summary>How a weight type wants its activations quantized before the dot product (ggml's vec_dot_type).</summary>
internal enum ActivationFormat
{
    /// <summary>Q8_0 split form: qs int8 (n) and f32 d (n / 32); the CPU backend's QuantizeQ8_0.</summary>
    Q8_0,
    /// <summary>Q8_1 split form: qs int8 (n) and per block d then s = d * sum(qs), both f16-rounded; <see cref="QuantizeQ8_1"/>.</summary>
    Q8_1,
    /// <summary>Q8_K blocks of 292 bytes per 256 values; <see cref="QuantizeQ8_K"/>.</summary>
    Q8_K,
}

/// <summary>
/// The table a matmul dispatch needs for the quantized types of this folder: which activation format each weight
/// type pairs with, and the k-quant dot kernel (w row, Q8_K activations, n) -> f32. The 32-value block types pair
/// with Q8_0 (Q4_0, Q5_0, IQ4_NL) or Q8_1 (Q4_1, Q5_1) activations and have the DotQ8_0 signature
/// (<see cref="DotBlock32{T}.Dot"/>).
/// </summary>
internal static unsafe class QuantKernels
{
    public static ActivationFormat ActivationOf(GgmlType weights) => weights switch
    {
        GgmlType.Q8_0 or GgmlType.Q4_0 or GgmlType.Q5_0 or GgmlType.IQ4_NL => ActivationFormat.Q8_0,
        GgmlType.Q4_1 or GgmlType.Q5_1 => ActivationFormat.Q8_1,
        GgmlType.Q2_K or GgmlType.Q3_K or GgmlType.Q4_K or GgmlType.Q5_K or GgmlType.Q6_K or GgmlType.IQ4_XS
            or GgmlType.IQ2_XXS or GgmlType.IQ2_XS or GgmlType.IQ2_S or GgmlType.IQ3_XXS or GgmlType.IQ3_S or GgmlType.IQ1_S or GgmlType.IQ1_M => ActivationFormat.Q8_K,
        _ => throw new NotSupportedException($"no quantized dot kernel for {weights} weights"),
    };

    /// <summary>The k-quant dot for <paramref name="weights"/>: Dot(w, x, n) with x in Q8_K blocks.</summary>
    public static delegate*<byte*, byte*, int, float> KQuantDot(GgmlType weights) => weights switch
    {
        GgmlType.Q2_K => &DotQ2_K.Dot,
        GgmlType.Q3_K => &DotQ3_K.Dot,
        GgmlType.Q4_K => &DotQ4_K.Dot,
        GgmlType.Q5_K => &DotQ5_K.Dot,
        GgmlType.Q6_K => &DotQ6_K.Dot,
        GgmlType.IQ4_XS => &DotIQ4_XS.Dot,
        GgmlType.IQ2_XXS => &DotIQXXS<IQ2_XXSKind>.Dot,
        GgmlType.IQ2_XS => &DotIQ<IQ2_XSKind>.Dot,
        GgmlType.IQ3_XXS => &DotIQXXS<IQ3_XXSKind>.Dot,
        GgmlType.IQ1_S => &DotIQ<IQ1_SKind>.Dot,
        GgmlType.IQ3_S => &DotIQ<IQ3_SKind>.Dot,
        GgmlType.IQ2_S => &DotIQ<IQ2_SKind>.Dot,
        GgmlType.IQ1_M => &DotIQ<IQ1_MKind>.Dot,
        _ => throw new NotSupportedException($"{weights} is not a k-quant with a Q8_K dot kernel"),
    };

    // Row decoders with the CPU backend's RowDecoder signature (row, dst, n), for its table:
    //   [GgmlType.Q4_K] = (nint)(delegate*<byte*, float*, int, void>)&QuantKernels.DecodeQ4_K, ...
    // Scalar (ggml's dequantize_row_*): embeddings and the prefill path decode a few rows at a time.
    public static void DecodeQ4_0(byte* row, float* dst, int n) => Decode(GgmlType.Q4_0, row, dst, n);
    public static void DecodeQ4_1(byte* row, float* dst, int n) => Decode(GgmlType.Q4_1, row, dst, n);
    public static void DecodeQ5_0(byte* row, float* dst, int n) => Decode(GgmlType.Q5_0, row, dst, n);
    public static void DecodeQ5_1(byte* row, float* dst, int n) => Decode(GgmlType.Q5_1, row, dst, n);
    public static void DecodeQ2_K(byte* row, float* dst, int n) => Decode(GgmlType.Q2_K, row, dst, n);
    public static void DecodeQ3_K(byte* row, float* dst, int n) => Decode(GgmlType.Q3_K, row, dst, n);
    public static void DecodeIQ4_NL(byte* row, float* dst, int n) => Decode(GgmlType.IQ4_NL, row, dst, n);
    public static void DecodeIQ4_XS(byte* row, float* dst, int n) => Decode(GgmlType.IQ4_XS, row, dst, n);
    public static void DecodeIQ2_XXS(byte* row, float* dst, int n) => Decode(GgmlType.IQ2_XXS, row, dst, n);
    public static void DecodeIQ2_XS(byte* row, float* dst, int n) => Decode(GgmlType.IQ2_XS, row, dst, n);
    public static void DecodeIQ3_XXS(byte* row, float* dst, int n) => Decode(GgmlType.IQ3_XXS, row, dst, n);
    public static void DecodeIQ1_S(byte* row, float* dst, int n) => Decode(GgmlType.IQ1_S, row, dst, n);
    public static void DecodeIQ3_S(byte* row, float* dst, int n) => Decode(GgmlType.IQ3_S, row, dst, n);
    public static void DecodeIQ2_S(byte* row, float* dst, int n) => Decode(GgmlType.IQ2_S, row, dst, n);
    public static void DecodeIQ1_M(byte* row, float* dst, int n) => Decode(GgmlType.IQ1_M, row, dst, n);
    public static void DecodeQ4_K(byte* row, float* dst, int n) => Decode(GgmlType.Q4_K, row, dst, n);
    public static void DecodeQ5_K(byte* row, float* dst, int n) => Decode(GgmlType.Q5_K, row, dst, n);
    public static void DecodeQ6_K(byte* row, float* dst, int n) => Decode(GgmlType.Q6_K, row, dst, n);

    static void Decode(GgmlType type, byte* row, float* dst, int n) =>
        Weights.Quantization.RowDecoder.ToSingle(type, new ReadOnlySpan<byte>(row, checked((int)GgmlTypeInfo.RowBytes(type, n))), new Span<float>(dst, n));
}
