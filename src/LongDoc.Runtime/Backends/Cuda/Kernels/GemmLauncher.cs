using LongDoc.Runtime.Weights;

namespace LongDoc.Runtime.Backends.Cuda.Kernels;

/// <summary>
/// Launch configuration of gemm.cu, y (T, N) = x (T, K) @ W (N, K)^T on the tensor cores: 64 x 64 tiles, 4 warps,
/// grid (ceil(N / 64), ceil(T / 64)), static shared 10 KiB. Prefill sizes; decode goes to <see cref="GemvLauncher"/>.
/// </summary>
public static class GemmLauncher
{
    public const string File = "gemm.cu";
    const int Tile = 64, StaticShared = 2 * Tile * 40 * 2;

    /// <summary>Up to this many tokens a GEMV (weights read once, no tensor cores) beats 64-row tiles.</summary>
    public const int GemvTokens = 8;

    public static LaunchConfig Configure(int tokens, int inputWidth, int outputWidth, GgmlType weightType)
    {
        KernelTypes.CheckWidth(weightType, inputWidth, File);
        if (tokens < 1 || outputWidth < 1) throw new ArgumentException($"{File}: tokens {tokens} and output width {outputWidth} must be positive");
        return new LaunchConfig(File, $"gemm_{KernelTypes.WeightSuffix(weightType)}",
            Dim3.Of(KernelTypes.CeilDiv(outputWidth, Tile), KernelTypes.CeilDiv(tokens, Tile)), Dim3.Of(128), 0, StaticShared);
    }

    /// <summary>y (T, N) (+)= x (T, K) @ W (N, K)^T, W rows in <paramref name="weightType"/>.</summary>
    public static void Run(CudaKernels kernels, CudaStream stream, int tokens, int inputWidth, int outputWidth, GgmlType weightType,
        DevicePointer x, DevicePointer w, DevicePointer y, bool accumulate)
    {
        var c = Configure(tokens, inputWidth, outputWidth, weightType);
        var a = Args(tokens, inputWidth, outputWidth, weightType, x, w, y, accumulate);
        c.Launch(kernels, stream, ref a);
    }

    /// <summary>The kernel parameters of <see cref="Run"/>, in the declaration order of the entry point.</summary>
    internal static KernelArgs Args(int tokens, int inputWidth, int outputWidth, GgmlType weightType,
        DevicePointer x, DevicePointer w, DevicePointer y, bool accumulate)
    {
        var a = new KernelArgs();
        a.Add(x); a.Add(w); a.Add(y); a.Add(tokens); a.Add(inputWidth); a.Add(outputWidth);
        a.Add(KernelTypes.RowBytes(weightType, inputWidth)); a.Add(accumulate ? 1 : 0);
        return a;
    }
}
