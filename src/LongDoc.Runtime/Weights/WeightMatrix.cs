namespace LongDoc.Runtime.Weights;

/// <summary>
/// A read-only 2-D weight in its stored type, rows contiguous: y (Rows) = W (Rows, Cols) @ x (Cols).
/// In ggml terms Cols = ne[0] and Rows = ne[1]. Points into memory-mapped file data that outlives the matrix.
/// </summary>
public readonly unsafe struct WeightMatrix
{
    public readonly GgmlType Type;
    public readonly int Rows;
    public readonly int Cols;
    public readonly byte* Data;
    public readonly long RowBytes;

    public WeightMatrix(GgmlType type, int rows, int cols, byte* data)
    {
        Type = type; Rows = rows; Cols = cols; Data = data;
        RowBytes = GgmlTypeInfo.RowBytes(type, cols);
    }

    public ReadOnlySpan<byte> Row(int r) => new(Data + r * RowBytes, checked((int)RowBytes));
    public long ByteCount => RowBytes * Rows;
}
