using LongDoc.Runtime.Backends.Cpu;
using LongDoc.Runtime.Backends.Cpu.Quant;
using LongDoc.Runtime.Weights;
using LongDoc.Runtime.Weights.Quantization;

namespace LongDoc.Runtime.Layers;

/// <summary>
/// Replaces f32 values by what a matmul with weights of one type multiplies after it quantizes them as its
/// activations (llama.cpp's vec_dot_type): q * d of Q8_0 / Q8_1 blocks of 32 (both hold the same q and f16 d), of
/// Q8_K blocks of 256, or the f16 / bf16 rounding of float weights; F32 weights leave them. Quantizing the result
/// again gives the same integers, so a matmul of the rounded values is the matmul of the originals.
/// Not <see cref="Exact"/> for Q8_1 (Q4_1, Q5_1 weights): their dot also multiplies the weight block's min by
/// s = f16(d * sum q) with the unrounded d, which no rounded value reproduces.
/// </summary>
internal static unsafe class ActivationRoundTrip
{
    /// <summary>Whether <see cref="Apply"/> gives every number a matmul with these weights multiplies.</summary>
    public static bool Exact(GgmlType weights) => !(QuantDots.TryGet(weights, out var quant) && quant.Format == ActivationFormat.Q8_1);

    public static void Apply(GgmlType weights, Span<float> x)
    {
        fixed (float* p = x)
        {
            if (QuantDots.TryGet(weights, out var quant)) Blocks(quant.Format, p, x.Length);
            else if (weights == GgmlType.F16) ActivationRounding.Round(p, p, x.Length, ActivationRounding.F16Bits);
            else if (weights == GgmlType.BF16) ActivationRounding.Round(p, p, x.Length, ActivationRounding.Bf16Bits);
        }
    }

    static void Blocks(ActivationFormat format, float* x, int n)
    {
        if (format == ActivationFormat.Q8_K)
        {
            byte* block = stackalloc byte[Q8_KBlock.Bytes];
            for (int b = 0; b + Q8_KBlock.Elements <= n; b += Q8_KBlock.Elements)
            {
                QuantizeQ8_K.Quantize(x + b, block, Q8_KBlock.Elements);
                Q8_KBlock.DequantizeRow(new ReadOnlySpan<byte>(block, Q8_KBlock.Bytes), new Span<float>(x + b, Q8_KBlock.Elements));
            }
            return;
        }
        sbyte* q = stackalloc sbyte[DotQ8_0.Block];
        float d;
        for (int b = 0; b + DotQ8_0.Block <= n; b += DotQ8_0.Block)
        {
            QuantizeQ8_0.Quantize(x + b, q, &d, DotQ8_0.Block);
            for (int i = 0; i < DotQ8_0.Block; i++) x[b + i] = q[i] * d;
        }
    }
}
