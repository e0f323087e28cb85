namespace LongDoc.Runtime.Backends.Cuda.Kernels;

/// <summary>
/// Launch configuration of sample.cu (penalty, top-k, top-p, min-p, temperature, draw): one CTA of 1024 threads;
/// static shared memory for the radix histogram and 1024 candidates. Top-k above 1024 has no kernel.
/// </summary>
public static class SampleLauncher
{
    public const string File = "sample.cu";
    public const int MaxCandidates = 1024;
    const int StaticShared = 256 * 4 + 33 * 4 + 8 + MaxCandidates * (4 + 4 + 4);

    public static LaunchConfig Configure(int vocabulary, int topK)
    {
        if (vocabulary < 1) throw new ArgumentException($"{File}: vocabulary of {vocabulary}");
        if (topK > MaxCandidates && topK < vocabulary) throw new ArgumentException($"{File}: top-k {topK} above {MaxCandidates} has no kernel");
        return new LaunchConfig(File, "sample", Dim3.Of(1), Dim3.Of(1024), 0, StaticShared);
    }

    /// <summary>
    /// out[0] = the sampled token of logits (V) (penalized in place) with the recent history (Hn ids) and a uniform
    /// <paramref name="u"/> in [0, 1) from the host's seeded generator.
    /// </summary>
    public static void Run(CudaKernels kernels, CudaStream stream, int vocabulary, DevicePointer logits, DevicePointer history, int historyLength,
        float penalty, int topK, float topP, float minP, float temperature, double u, DevicePointer output)
    {
        var c = Configure(vocabulary, topK);
        var a = Args(vocabulary, logits, history, historyLength, penalty, topK, topP, minP, temperature, u, output);
        c.Launch(kernels, stream, ref a);
    }

    /// <summary>The kernel parameters of <see cref="Run"/>, in the declaration order of the entry point.</summary>
    internal static KernelArgs Args(int vocabulary, DevicePointer logits, DevicePointer history, int historyLength,
        float penalty, int topK, float topP, float minP, float temperature, double u, DevicePointer output)
    {
        var a = new KernelArgs();
        a.Add(logits); a.Add(vocabulary); a.Add(history); a.Add(historyLength); a.Add(penalty); a.Add(topK); a.Add(topP); a.Add(minP);
        a.Add(temperature); a.Add(BitConverter.DoubleToInt64Bits(u)); a.Add(output);
        return a;
    }
}
