using LongDoc.Runtime.Layers;

namespace LongDoc.Runtime.Backends.Cuda.Kernels;

/// <summary>
/// Launch configuration of moe_route.cu: one warp per token, 4 per CTA, grid ceil(T / 4); dynamic shared memory
/// 2 x E floats per warp (gate scores and selection scores). Legend: T tokens, E experts, A active, NG groups.
/// </summary>
public static class MoeRouteLauncher
{
    public const string File = "moe_route.cu";
    public const int MaxExperts = 1024, MaxActive = 32, MaxGroups = 32;

    public static LaunchConfig Configure(int tokens, int experts, RouterOptions o)
    {
        if (tokens < 1) throw new ArgumentException($"{File}: {tokens} tokens");
        if (experts < 1 || experts > MaxExperts) throw new ArgumentException($"{File}: {experts} experts; the kernel takes 1..{MaxExperts}");
        if (o.Active < 1 || o.Active > Math.Min(MaxActive, experts)) throw new ArgumentException($"{File}: {o.Active} active of {experts} experts; at most {MaxActive}");
        if (o.Groups > 1 && (o.Groups > MaxGroups || experts % o.Groups != 0 || o.GroupsUsed < 1 || o.GroupsUsed > o.Groups))
            throw new ArgumentException($"{File}: {o.Groups} groups ({o.GroupsUsed} used) do not split {experts} experts (at most {MaxGroups} groups)");
        return new LaunchConfig(File, "moe_route", Dim3.Of(KernelTypes.CeilDiv(tokens, 4)), Dim3.Of(128), 4 * 2 * experts * sizeof(float));
    }

    /// <summary>ids (T, A) and weights (T, A) from router logits (T, E); bias (E) or <see cref="DevicePointer.Null"/>.</summary>
    public static void Run(CudaKernels kernels, CudaStream stream, int tokens, int experts, RouterOptions o, DevicePointer logits,
        DevicePointer bias, DevicePointer ids, DevicePointer weights)
    {
        var c = Configure(tokens, experts, o);
        var a = Args(tokens, experts, o, logits, bias, ids, weights);
        c.Launch(kernels, stream, ref a);
    }

    /// <summary>The kernel parameters of <see cref="Run"/>, in the declaration order of the entry point.</summary>
    internal static KernelArgs Args(int tokens, int experts, RouterOptions o, DevicePointer logits,
        DevicePointer bias, DevicePointer ids, DevicePointer weights)
    {
        var a = new KernelArgs();
        a.Add(logits); a.Add(bias); a.Add(ids); a.Add(weights);
        a.Add(tokens); a.Add(experts); a.Add(o.Active); a.Add(o.Gating == Models.ExpertGating.Sigmoid ? 1 : 0); a.Add(o.Normalize ? 1 : 0);
        a.Add(o.Scale); a.Add(o.Groups); a.Add(o.GroupsUsed);
        return a;
    }
}
