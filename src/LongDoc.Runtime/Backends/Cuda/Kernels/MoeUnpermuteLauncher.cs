namespace LongDoc.Runtime.Backends.Cuda.Kernels;

/// <summary>
/// Launch configuration of moe_unpermute.cu (each token gathers its A weighted expert rows): grid (T, ceil(D / 256)),
/// block 256, one thread per (token, channel).
/// </summary>
public static class MoeUnpermuteLauncher
{
    public const string File = "moe_unpermute.cu";

    public static LaunchConfig Configure(int tokens, int active, int hidden)
    {
        if (tokens < 1 || active < 1 || hidden < 1) throw new ArgumentException($"{File}: tokens {tokens}, active {active}, hidden {hidden} must be positive");
        return new LaunchConfig(File, "moe_unpermute", Dim3.Of(tokens, KernelTypes.CeilDiv(hidden, 256)), Dim3.Of(256), 0);
    }

    /// <summary>output (T, D) (+)= sum_a weights[t, a] * y[entryRow[t*A + a]], y (N, D).</summary>
    public static void Run(CudaKernels kernels, CudaStream stream, int tokens, int active, int hidden, DevicePointer y, DevicePointer entryRow,
        DevicePointer weights, DevicePointer output, bool accumulate)
    {
        var c = Configure(tokens, active, hidden);
        var a = Args(tokens, active, hidden, y, entryRow, weights, output, accumulate);
        c.Launch(kernels, stream, ref a);
    }

    /// <summary>The kernel parameters of <see cref="Run"/>, in the declaration order of the entry point.</summary>
    internal static KernelArgs Args(int tokens, int active, int hidden, DevicePointer y, DevicePointer entryRow,
        DevicePointer weights, DevicePointer output, bool accumulate)
    {
        var a = new KernelArgs();
        a.Add(y); a.Add(entryRow); a.Add(weights); a.Add(output); a.Add(tokens); a.Add(active); a.Add(hidden); a.Add(accumulate ? 1 : 0);
        return a;
    }
}
