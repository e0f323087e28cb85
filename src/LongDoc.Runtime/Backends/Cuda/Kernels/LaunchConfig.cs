namespace LongDoc.Runtime.Backends.Cuda.Kernels;

/// <summary>
/// How one kernel entry point is launched: the launchers in this folder compute it from the shapes, so the limits
/// can be checked without a GPU. <paramref name="DynamicSharedBytes"/> is passed at launch;
/// <paramref name="StaticSharedBytes"/> is what the kernel declares itself (counted against the same limit).
/// </summary>
public sealed record LaunchConfig(string File, string Entry, Dim3 Grid, Dim3 Block, int DynamicSharedBytes, int StaticSharedBytes = 0)
{
    public int TotalSharedBytes => DynamicSharedBytes + StaticSharedBytes;

    /// <summary>Queues the entry point (compiled and loaded on first use) on <paramref name="stream"/>.</summary>
    public void Launch(CudaKernels kernels, CudaStream stream, ref KernelArgs args) =>
        kernels.Get(Entry).Launch(Grid, Block, DynamicSharedBytes, stream, ref args);

    public override string ToString() =>
        $"{File}:{Entry} grid {Grid} block {Block} shared {DynamicSharedBytes} + {StaticSharedBytes} static bytes";
}

/// <summary>
/// The per-launch limits of a device (CUDA programming guide, "Compute capabilities" table): grid x up to 2^31-1,
/// y and z up to 65535, at most 1024 threads a block, and shared memory per block up to 163 KB on sm_80 and
/// 227 KB on sm_90 (with the opt-in attribute above 48 KB).
/// </summary>
public sealed record DeviceLimits(string Name, int MaxSharedPerBlock, int MaxThreadsPerBlock = 1024, int MaxGridX = int.MaxValue,
    int MaxGridYZ = 65535, int DefaultSharedPerBlock = 48 * 1024)
{
    public static readonly DeviceLimits Sm80 = new("sm_80", 163 * 1024);
    public static readonly DeviceLimits Sm90 = new("sm_90", 227 * 1024);

    /// <summary>The problems with <paramref name="c"/> on this device, empty when it can be launched.</summary>
    public IReadOnlyList<string> Problems(LaunchConfig c)
    {
        var list = new List<string>();
        if (c.Grid.X < 1 || c.Grid.Y < 1 || c.Grid.Z < 1) list.Add($"empty grid {c.Grid}");
        if (c.Grid.X > MaxGridX) list.Add($"grid x {c.Grid.X} > {MaxGridX}");
        if (c.Grid.Y > MaxGridYZ || c.Grid.Z > MaxGridYZ) list.Add($"grid y/z {c.Grid} > {MaxGridYZ}");
        if (c.Block.X < 1 || c.Block.Y < 1 || c.Block.Z < 1) list.Add($"empty block {c.Block}");
        if (c.Block.Count > MaxThreadsPerBlock) list.Add($"block {c.Block} has {c.Block.Count} threads > {MaxThreadsPerBlock}");
        if (c.Block.X % 32 != 0 && c.Block.Count > 32) list.Add($"block x {c.Block.X} is not a whole number of warps");
        if (c.DynamicSharedBytes < 0) list.Add($"negative shared memory {c.DynamicSharedBytes}");
        if (c.TotalSharedBytes > MaxSharedPerBlock)
            list.Add($"shared memory {c.TotalSharedBytes} bytes > {MaxSharedPerBlock} on {Name}");
        return list;
    }

    /// <summary>Throws naming the kernel and every problem when <paramref name="c"/> cannot be launched here.</summary>
    public void Check(LaunchConfig c)
    {
        var problems = Problems(c);
        if (problems.Count > 0) throw new ArgumentException($"{c}: cannot launch on {Name}: {string.Join("; ", problems)}");
    }
}
