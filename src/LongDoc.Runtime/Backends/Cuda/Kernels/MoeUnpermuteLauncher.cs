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
        return new LaunchConfig(File, "moe_unpermute", new Dim3(tokens, KernelTypes.CeilDiv(hidden, 256)), new Dim3(256), 0);
    }
}
