using System.Runtime.InteropServices;

namespace LongDoc.Runtime.Weights.Quantization;

/// <summary>Decodes rows of any type this runtime reads (F32, F16, BF16, Q8_0, Q4_0, Q4_1, Q5_0, Q5_1, the k-quants, Q8_K, IQ4_NL, IQ4_XS and the I-quants IQ1_S .. IQ3_S) to f32: the scalar reference.</summary>
public static class RowDecoder
{
    delegate void Decode(ReadOnlySpan<byte> src, Span<float> dst);

    static readonly Dictionary<GgmlType, Decode> Decoders = new()
    {
        [GgmlType.F32] = (src, dst) => MemoryMarshal.Cast<byte, float>(src[..(dst.Length * 4)]).CopyTo(dst),
        [GgmlType.F16] = HalfConvert.HalfToSingle,
        [GgmlType.BF16] = HalfConvert.BFloat16ToSingle,
        [GgmlType.Q8_0] = Q8_0Block.DequantizeRow,
        [GgmlType.Q4_0] = Q4_0Block.DequantizeRow,
        [GgmlType.Q4_1] = Q4_1Block.DequantizeRow,
        [GgmlType.Q5_0] = Q5_0Block.DequantizeRow,
        [GgmlType.Q5_1] = Q5_1Block.DequantizeRow,
        [GgmlType.Q2_K] = Q2_KBlock.DequantizeRow,
        [GgmlType.Q3_K] = Q3_KBlock.DequantizeRow,
        [GgmlType.Q4_K] = Q4_KBlock.DequantizeRow,
        [GgmlType.Q5_K] = Q5_KBlock.DequantizeRow,
        [GgmlType.Q6_K] = Q6_KBlock.DequantizeRow,
        [GgmlType.Q8_K] = Q8_KBlock.DequantizeRow,
        [GgmlType.IQ4_NL] = IQ4_NLBlock.DequantizeRow,
        [GgmlType.IQ4_XS] = IQ4_XSBlock.DequantizeRow,
        [GgmlType.IQ2_XXS] = IQ2_XXSBlock.DequantizeRow,
        [GgmlType.IQ2_XS] = IQ2_XSBlock.DequantizeRow,
        [GgmlType.IQ3_XXS] = IQ3_XXSBlock.DequantizeRow,
        [GgmlType.IQ1_S] = IQ1_SBlock.DequantizeRow,
        [GgmlType.IQ3_S] = IQ3_SBlock.DequantizeRow,
        [GgmlType.IQ2_S] = IQ2_SBlock.DequantizeRow,
        [GgmlType.IQ1_M] = IQ1_MBlock.DequantizeRow,
    };

    public static bool CanDecode(GgmlType type) => Decoders.ContainsKey(type);

    public static void ToSingle(GgmlType type, ReadOnlySpan<byte> src, Span<float> dst)
    {
        if (!Decoders.TryGetValue(type, out var decode)) throw new NotSupportedException($"no f32 decoder for {type} yet");
        decode(src, dst);
    }
}
