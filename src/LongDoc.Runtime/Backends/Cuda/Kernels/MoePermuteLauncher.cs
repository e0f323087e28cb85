namespace LongDoc.Runtime.Backends.Cuda.Kernels;

/// <summary>
/// Launch configuration of moe_permute.cu (stable counting sort of the T*A routing entries by expert): one CTA of
/// 1024 threads, thread e plays expert e; static shared memory for a 1024-entry chunk and E+1 offsets.
/// </summary>
public static class MoePermuteLauncher
{
    public const string File = "moe_permute.cu";
    const int StaticShared = 1024 * 4 + 1025 * 4;

    public static LaunchConfig Configure(int tokens, int active, int experts)
    {
        if (tokens < 1 || active < 1) throw new ArgumentException($"{File}: {tokens} tokens x {active} active experts");
        if (experts < 1 || experts > 1024) throw new ArgumentException($"{File}: {experts} experts; the kernel takes 1..1024");
        if ((long)tokens * active > int.MaxValue) throw new ArgumentException($"{File}: {tokens} x {active} entries overflow an int");
        return new LaunchConfig(File, "moe_permute", new Dim3(1), new Dim3(1024), 0, StaticShared);
    }
}
