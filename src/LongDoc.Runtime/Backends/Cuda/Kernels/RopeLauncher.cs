namespace LongDoc.Runtime.Backends.Cuda.Kernels;

/// <summary>
/// Launch configuration of rope.cu: grid (T, heads), one thread per rotated pair (dims / 2 threads, rounded up to
/// a warp). Legend: T tokens, heads rotated slices per token, dims rotated width.
/// </summary>
public static class RopeLauncher
{
    public const string File = "rope.cu";

    public static LaunchConfig Configure(int tokens, int heads, int dims)
    {
        if (tokens < 1 || heads < 1) throw new ArgumentException($"{File}: {tokens} tokens x {heads} heads");
        if (dims < 2 || dims % 2 != 0 || dims > 2048) throw new ArgumentException($"{File}: rotated width {dims} must be even, 2..2048");
        return new LaunchConfig(File, "rope", new Dim3(tokens, heads), new Dim3(KernelTypes.CeilDiv(dims / 2, 32) * 32), 0);
    }
}
