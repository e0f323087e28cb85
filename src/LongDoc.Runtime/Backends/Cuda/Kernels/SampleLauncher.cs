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
        return new LaunchConfig(File, "sample", new Dim3(1), new Dim3(1024), 0, StaticShared);
    }
}
