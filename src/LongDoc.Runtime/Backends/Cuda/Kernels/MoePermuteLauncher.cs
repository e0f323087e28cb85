namespace LongDoc.Runtime.Backends.Cuda.Kernels;

/// <summary>
/// Launch configuration of moe_permute.cu (stable counting sort of the T*A routing entries by expert): one CTA of
/// 1024 threads, thread e plays expert e; static shared memory for a 1024-entry chunk and E+1 offsets.
/// </summary>
public static class MoePermuteLauncher
{
    public const string File = "moe_permute.cu";
    const int StaticShared = 1024 * 4 + 1025 * 4;

    /// <summary>Experts one CTA of 1024 threads sorts by (thread e plays expert e).</summary>
    public const int MaxExperts = 1024;

    public static LaunchConfig Configure(int tokens, int active, int experts)
    {
        if (tokens < 1 || active < 1) throw new ArgumentException($"{File}: {tokens} tokens x {active} active experts");
        if (experts < 1 || experts > MaxExperts) throw new ArgumentException($"{File}: {experts} experts; the kernel takes 1..{MaxExperts}");
        if ((long)tokens * active > int.MaxValue) throw new ArgumentException($"{File}: {tokens} x {active} entries overflow an int");
        return new LaunchConfig(File, "moe_permute", Dim3.Of(1), Dim3.Of(1024), 0, StaticShared);
    }

    /// <summary>offsets (E+1), rowSrc (T*A) and entryRow (T*A) from ids (T, A).</summary>
    public static void Run(CudaKernels kernels, CudaStream stream, int tokens, int active, int experts, DevicePointer ids,
        DevicePointer offsets, DevicePointer rowSrc, DevicePointer entryRow)
    {
        var c = Configure(tokens, active, experts);
        var a = Args(tokens, active, experts, ids, offsets, rowSrc, entryRow);
        c.Launch(kernels, stream, ref a);
    }

    /// <summary>The kernel parameters of <see cref="Run"/>, in the declaration order of the entry point.</summary>
    internal static KernelArgs Args(int tokens, int active, int experts, DevicePointer ids,
        DevicePointer offsets, DevicePointer rowSrc, DevicePointer entryRow)
    {
        var a = new KernelArgs();
        a.Add(ids); a.Add(offsets); a.Add(rowSrc); a.Add(entryRow); a.Add(tokens * active); a.Add(experts);
        return a;
    }
}
