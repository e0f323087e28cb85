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
        return new LaunchConfig(File, $"gemv_{KernelTypes.WeightSuffix(weightType)}", new Dim3(KernelTypes.CeilDiv(outputWidth, 8), 1, batch), new Dim3(256), 0);
    }
}
