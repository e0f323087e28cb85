using LongDoc.Runtime.Weights;

namespace LongDoc.Runtime.Backends.Cuda.Kernels;

/// <summary>
/// Launch configuration of gemv.cu, y (Z, T, N) = x (Z, T, K) @ W (Z, N, K)^T for T &lt;= 8 tokens (decode), one warp
/// per weight row, 8 warps per CTA: grid (ceil(N / 8), 1, Z). Z batches independent problems (MLA's per-head
/// absorption and value projections).
/// </summary>
public static class GemvLauncher
{
    public const string File = "gemv.cu";
    public const int MaxTokens = 8;

    public static LaunchConfig Configure(int tokens, int inputWidth, int outputWidth, GgmlType weightType, int batch = 1)
    {
        KernelTypes.CheckWidth(weightType, inputWidth, File);
        if (tokens < 1 || tokens > MaxTokens) throw new ArgumentException($"{File}: {tokens} tokens; the kernel takes 1..{MaxTokens} (use gemm.cu above)");
        if (outputWidth < 1 || batch < 1) throw new ArgumentException($"{File}: output width {outputWidth} and batch {batch} must be positive");
        return new LaunchConfig(File, $"gemv_{KernelTypes.WeightSuffix(weightType)}", Dim3.Of(KernelTypes.CeilDiv(outputWidth, 8), 1, batch), Dim3.Of(256), 0);
    }

    /// <summary>
    /// y (Z, T, N) (+)= x (Z, T, K) @ W (Z, N, K)^T; problem z reads x + z*xBatch, w + z*wBatchBytes, y + z*yBatch
    /// (elements, bytes, elements).
    /// </summary>
    public static void Run(CudaKernels kernels, CudaStream stream, int tokens, int inputWidth, int outputWidth, GgmlType weightType,
        DevicePointer x, DevicePointer w, DevicePointer y, bool accumulate, int batch = 1, long xBatch = 0, long wBatchBytes = 0, long yBatch = 0)
    {
        var c = Configure(tokens, inputWidth, outputWidth, weightType, batch);
        var a = Args(tokens, inputWidth, outputWidth, weightType, x, w, y, accumulate, batch, xBatch, wBatchBytes, yBatch);
        c.Launch(kernels, stream, ref a);
    }

    /// <summary>The kernel parameters of <see cref="Run"/>, in the declaration order of the entry point.</summary>
    internal static KernelArgs Args(int tokens, int inputWidth, int outputWidth, GgmlType weightType,
        DevicePointer x, DevicePointer w, DevicePointer y, bool accumulate, int batch = 1, long xBatch = 0, long wBatchBytes = 0, long yBatch = 0)
    {
        var a = new KernelArgs();
        a.Add(x); a.Add(w); a.Add(y); a.Add(tokens); a.Add(inputWidth); a.Add(outputWidth); a.Add(KernelTypes.RowBytes(weightType, inputWidth));
        a.Add(xBatch); a.Add(wBatchBytes); a.Add(yBatch); a.Add(accumulate ? 1 : 0);
        return a;
    }
}
