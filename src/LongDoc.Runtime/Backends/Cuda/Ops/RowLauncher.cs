using LongDoc.Runtime.Weights;

namespace LongDoc.Runtime.Backends.Cuda.Ops;

/// <summary>
/// Launches for the one-block-per-row kernels: embedding gather (embedding.cu), row softmax (softmax.cu) and
/// argmax (argmax.cu). Reductions use a power-of-two block no wider than the row (down to 32), so short rows
/// (router logits over a few experts) do not park 1024 idle threads.
/// </summary>
public sealed class RowLauncher(CudaKernels kernels)
{
    static readonly Dictionary<GgmlType, string> EmbeddingEntry = new()
    {
        [GgmlType.F32] = "embedding_f32",
        [GgmlType.F16] = "embedding_f16",
        [GgmlType.BF16] = "embedding_bf16",
        [GgmlType.Q8_0] = "embedding_q8_0",
    };

    readonly Dictionary<GgmlType, CudaFunction> _embedding = EmbeddingEntry.ToDictionary(e => e.Key, e => kernels.Get(e.Value));
    readonly CudaFunction _softmax = kernels.Get("softmax_f32");
    readonly CudaFunction _argmax = kernels.Get("argmax_f32");

    public static bool SupportsEmbedding(GgmlType type) => EmbeddingEntry.ContainsKey(type);

    /// <summary>y (T, cols) f32 = rows ids (T) of table (rows, cols) stored as <paramref name="type"/>.</summary>
    public void Embedding(CudaStream stream, GgmlType type, DevicePointer table, int rows, int cols, DevicePointer ids, int tokens, DevicePointer y)
    {
        if (tokens == 0) return;
        var a = new KernelArgs(); a.Add(table); a.Add(ids); a.Add(y); a.Add(rows); a.Add(cols);
        _embedding[type].Launch(tokens, Math.Min(256, Pow2AtLeast(cols)), 0, stream, ref a);
    }

    /// <summary>Softmax of each of <paramref name="rowCount"/> rows of <paramref name="rowLength"/>, in place.</summary>
    public void Softmax(CudaStream stream, DevicePointer x, int rowCount, int rowLength)
    {
        if (rowCount == 0) return;
        int block = Math.Min(1024, Pow2AtLeast(rowLength));
        var a = new KernelArgs(); a.Add(x); a.Add(rowLength);
        _softmax.Launch(rowCount, block, block * sizeof(float), stream, ref a);
    }

    /// <summary>ids[r] = argmax of row r of x (rowCount, rowLength), lowest index on ties.</summary>
    public void Argmax(CudaStream stream, DevicePointer x, int rowCount, int rowLength, DevicePointer ids)
    {
        if (rowCount == 0) return;
        int block = Math.Min(1024, Pow2AtLeast(rowLength));
        var a = new KernelArgs(); a.Add(x); a.Add(rowLength); a.Add(ids);
        _argmax.Launch(rowCount, block, block * (sizeof(float) + sizeof(int)), stream, ref a);
    }

    static int Pow2AtLeast(int n)
    {
        int p = 32;
        while (p < n && p < 1024) p <<= 1;
        return p;
    }
}
