using LongDoc.Runtime.Backends.Cuda.Kernels;
using LongDoc.Runtime.Generation;
using LongDoc.Runtime.Layers;

namespace LongDoc.Runtime.Backends.Cuda;

/// <summary>
/// The small per-token ops behind the seam: RoPE (rope.cu), MoE routing (moe_route.cu), sampling (sample.cu). Each table lists why a call runs the CPU op instead of
/// the kernel; the first row that applies names the reason, none applies: the device.
/// </summary>
public static partial class CudaRouting
{
    /// <summary>Why <see cref="CudaBackend.Rope"/> rotates on the CPU.</summary>
    public static readonly IReadOnlyList<(string Reason, Func<RopeParams, bool> Applies)> RopeOnCpu =
    [
        ($"rope.cu rotates even widths up to {RopeLauncher.MaxDims} (one thread per pair)",
            p => p.Dims < 2 || p.Dims % 2 != 0 || p.Dims > RopeLauncher.MaxDims),
    ];

    /// <summary>Why <see cref="CudaBackend.Route"/> routes on the CPU: the limits of moe_route.cu's warp per token.</summary>
    public static readonly IReadOnlyList<(string Reason, Func<RouteCall, bool> Applies)> RouteOnCpu =
    [
        ($"moe_route.cu marks taken experts in 32 bits per lane: 1..{MoeRouteLauncher.MaxExperts} experts",
            r => r.Experts < 1 || r.Experts > MoeRouteLauncher.MaxExperts),
        ($"one lane per chosen expert: 1..{MoeRouteLauncher.MaxActive} active, no more than the experts",
            r => r.Options.Active < 1 || r.Options.Active > Math.Min(MoeRouteLauncher.MaxActive, r.Experts)),
        ($"lane g scores group g: at most {MoeRouteLauncher.MaxGroups} groups, splitting the experts evenly",
            r => r.Options.Groups > 1 && (r.Options.Groups > MoeRouteLauncher.MaxGroups || r.Experts % r.Options.Groups != 0
                || r.Options.GroupsUsed < 1 || r.Options.GroupsUsed > r.Options.Groups)),
    ];

    /// <summary>Why <see cref="CudaBackend.Sample"/> samples on the CPU: sample.cu keeps 1024 candidates in shared memory.</summary>
    public static readonly IReadOnlyList<(string Reason, Func<SampleCall, bool> Applies)> SampleOnCpu =
    [
        ("an empty vocabulary", s => s.Vocabulary < 1),
        ($"sample.cu keeps at most {SampleLauncher.MaxCandidates} candidates: a draw without a top-k up to that looks past them",
            s => s.Options.Temperature != 0 && (s.Options.TopK > 0 && s.Options.TopK < s.Vocabulary ? s.Options.TopK : s.Vocabulary) > SampleLauncher.MaxCandidates),
    ];

    /// <summary>The reason of the first row of <paramref name="rows"/> that applies to <paramref name="call"/>, or null (the device).</summary>
    public static string? CpuReason<T>(IReadOnlyList<(string Reason, Func<T, bool> Applies)> rows, T call)
    {
        foreach (var (reason, applies) in rows)
            if (applies(call)) return reason;
        return null;
    }
}

/// <summary>One routing call as <see cref="CudaRouting.RouteOnCpu"/> sees it: E experts and the router's options.</summary>
public readonly record struct RouteCall(int Experts, RouterOptions Options);

/// <summary>One sampling call as <see cref="CudaRouting.SampleOnCpu"/> sees it: V logits and the options.</summary>
public readonly record struct SampleCall(int Vocabulary, SamplingOptions Options);
