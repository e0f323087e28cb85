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
        return new LaunchConfig(File, "moe_route", new Dim3(KernelTypes.CeilDiv(tokens, 4)), new Dim3(128), 4 * 2 * experts * sizeof(float));
    }
}
