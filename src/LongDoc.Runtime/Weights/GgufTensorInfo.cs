namespace LongDoc.Runtime.Weights;

/// <summary>
/// One tensor of a GGUF file. <see cref="Dims"/> is ggml order (ne[0] innermost: a linear [out,in] has {in, out});
/// <see cref="Offset"/> is absolute in the file (data section start + the stored relative offset).
/// </summary>
public sealed record GgufTensorInfo(string Name, GgmlType Type, long[] Dims, long Offset, long ByteCount)
{
    public long ElementCount => Dims.Aggregate(1L, (a, b) => a * b);
}
