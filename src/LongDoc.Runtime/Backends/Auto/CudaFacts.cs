using System.Reflection;

namespace LongDoc.Runtime.Backends.Auto;

/// <summary>
/// What a CUDA self-test verdict holds for: the GPU (name and compute capability), the driver's CUDA version, the
/// NVRTC that compiled the kernels and the LongDoc build that wrote them. A change of any one makes the verdict stale.
/// </summary>
public sealed record CudaFacts(string Gpu, string ComputeCapability, string Driver, string Nvrtc, string LongDoc)
{
    /// <summary>This build's version (the informational version carries the commit when built from git).</summary>
    public static string LongDocVersion { get; } =
        typeof(CudaFacts).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion
        ?? typeof(CudaFacts).Assembly.GetName().Version?.ToString() ?? "unknown";

    public override string ToString() => $"{Gpu} (compute {ComputeCapability}), driver {Driver}, NVRTC {Nvrtc}, LongDoc {LongDoc}";
}
