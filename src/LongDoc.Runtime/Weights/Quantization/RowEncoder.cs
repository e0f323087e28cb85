using System.Runtime.InteropServices;

namespace LongDoc.Runtime.Weights.Quantization;

/// <summary>
/// Encodes f32 rows to any type this runtime writes, with ggml's reference quantizers (no importance matrix):
/// what writers of test models and converters call. The inverse of <see cref="RowDecoder"/>.
/// </summary>
public static class RowEncoder
{
    delegate void Encode(ReadOnlySpan<float> src, Span<byte> dst);

    static readonly Dictionary<GgmlType, Encode> Encoders = new()
    {
        [GgmlType.F32] = (src, dst) => MemoryMarshal.AsBytes(src).CopyTo(dst),
        [GgmlType.F16] = HalfConvert.SingleToHalf,
        [GgmlType.BF16] = HalfConvert.SingleToBFloat16,
        [GgmlType.Q8_0] = Q8_0Block.QuantizeRow,
        [GgmlType.Q4_0] = Q4_0Block.QuantizeRow,
        [GgmlType.Q4_1] = Q4_1Block.QuantizeRow,
        [GgmlType.Q5_0] = Q5_0Block.QuantizeRow,
        [GgmlType.Q5_1] = Q5_1Block.QuantizeRow,
        [GgmlType.Q4_K] = Q4_KBlock.QuantizeRow,
        [GgmlType.Q5_K] = Q5_KBlock.QuantizeRow,
        [GgmlType.Q6_K] = Q6_KBlock.QuantizeRow,
        [GgmlType.Q8_K] = Q8_KBlock.QuantizeRow,
    };

    public static bool CanEncode(GgmlType type) => Encoders.ContainsKey(type);

    /// <summary>Encodes <paramref name="src"/> (whole blocks of the type) into <paramref name="dst"/> (RowBytes of it).</summary>
    public static void FromSingle(GgmlType type, ReadOnlySpan<float> src, Span<byte> dst)
    {
        if (!Encoders.TryGetValue(type, out var encode)) throw new NotSupportedException($"no f32 encoder for {type}");
        encode(src, dst);
    }
}
