namespace LongDoc.Runtime.Backends.Cuda.Kernels;

/// <summary>
/// Launch configuration of attention_merge.cu (log-sum-exp merge of P split partials into o (H, Dv)):
/// grid (H), one thread per value channel up to 256.
/// </summary>
public static class AttentionMergeLauncher
{
    public const string File = "attention_merge.cu";

    public static LaunchConfig Configure(int heads, int splits, int valueDim)
    {
        if (heads < 1 || splits < 1 || valueDim < 1)
            throw new ArgumentException($"{File}: heads {heads}, splits {splits} and value width {valueDim} must be positive");
        int threads = Math.Min(256, KernelTypes.CeilDiv(valueDim, 32) * 32);
        return new LaunchConfig(File, "attn_merge", Dim3.Of(heads), Dim3.Of(threads), 0);
    }

    /// <summary>o (H, Dv) from partO (H, P, Dv) and partMl (H, P, 2).</summary>
    public static void Run(CudaKernels kernels, CudaStream stream, int heads, int splits, int valueDim, DevicePointer partO,
        DevicePointer partMl, DevicePointer o)
    {
        var c = Configure(heads, splits, valueDim);
        var a = Args(heads, splits, valueDim, partO, partMl, o);
        c.Launch(kernels, stream, ref a);
    }

    /// <summary>The kernel parameters of <see cref="Run"/>, in the declaration order of the entry point.</summary>
    internal static KernelArgs Args(int heads, int splits, int valueDim, DevicePointer partO,
        DevicePointer partMl, DevicePointer o)
    {
        var a = new KernelArgs();
        a.Add(partO); a.Add(partMl); a.Add(o); a.Add(splits); a.Add(valueDim);
        return a;
    }
}
