namespace LongDoc.Runtime.Backends.Cuda.Kernels;

/// <summary>
/// Launch configuration of kernels/dsa_topk.cu: one CTA of 1024 threads per query token, static shared memory only
/// (the 256-bin histogram and the scan's warp sums). Token t at position Start+t selects min(K, Start+t+1) positions
/// of its score row (Ld apart) into sel (T, K), ascending, and their count into nsel (T).
/// </summary>
public static class DsaTopKLauncher
{
    public const string File = "dsa_topk.cu";
    public const int Threads = 1024;

    public static LaunchConfig Configure(int tokens, int ld, int start, int topK)
    {
        if (tokens < 1 || start < 0 || topK < 1 || ld < start + tokens)
            throw new ArgumentException($"{File}: tokens {tokens}, start {start}, top_k {topK}, row stride {ld} out of range");
        return new LaunchConfig(File, "dsa_topk", Dim3.Of(tokens), Dim3.Of(Threads), 0, 256 * 4 + 32 * 4 + 8);
    }

    public static void Run(CudaKernels kernels, CudaStream stream, int tokens, int ld, int start, int topK, DevicePointer scores,
        DevicePointer sel, DevicePointer nsel)
    {
        var c = Configure(tokens, ld, start, topK);
        var a = Args(tokens, ld, start, topK, scores, sel, nsel);
        c.Launch(kernels, stream, ref a);
    }

    /// <summary>The kernel parameters of <see cref="Run"/>, in the declaration order of the entry point.</summary>
    internal static KernelArgs Args(int tokens, int ld, int start, int topK, DevicePointer scores, DevicePointer sel, DevicePointer nsel)
    {
        var a = new KernelArgs();
        a.Add(scores); a.Add(sel); a.Add(nsel);
        a.Add(tokens); a.Add(ld); a.Add(start); a.Add(topK);
        return a;
    }
}
