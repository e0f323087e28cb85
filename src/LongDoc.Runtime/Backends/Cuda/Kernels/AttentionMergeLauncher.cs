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
        return new LaunchConfig(File, "attn_merge", new Dim3(heads), new Dim3(threads), 0);
    }
}
