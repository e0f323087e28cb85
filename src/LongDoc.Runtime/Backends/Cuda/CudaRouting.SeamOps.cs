using LongDoc.Runtime.Backends.Cuda.Kernels;

namespace LongDoc.Runtime.Backends.Cuda;

/// <summary>
/// The small per-token ops behind the seam: RoPE (rope.cu). Each table lists why a call runs the CPU op instead of
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

    /// <summary>The reason of the first row of <paramref name="rows"/> that applies to <paramref name="call"/>, or null (the device).</summary>
    public static string? CpuReason<T>(IReadOnlyList<(string Reason, Func<T, bool> Applies)> rows, T call)
    {
        foreach (var (reason, applies) in rows)
            if (applies(call)) return reason;
        return null;
    }
}
