namespace LongDoc.Runtime.Backends.Cuda.Interop;

/// <summary>A CUDA driver call failed. The message carries the call as written at the call site and the driver's
/// own name and description of the status.</summary>
public sealed class CudaException(CuResult result, string call, string? detail = null)
    : Exception($"{call} failed: {CudaStatus.Describe(result)}{(string.IsNullOrEmpty(detail) ? "" : Environment.NewLine + detail)}")
{
    public CuResult Result { get; } = result;
    public string Call { get; } = call;
}

/// <summary>An NVRTC call failed; for a compile error <see cref="Log"/> holds NVRTC's log (file:line: error ...).</summary>
public sealed class NvrtcException(NvrtcResult result, string call, string? log = null)
    : Exception($"{call} failed: {CudaStatus.Describe(result)}{(string.IsNullOrEmpty(log) ? "" : Environment.NewLine + log.TrimEnd('\0', '\n', ' '))}")
{
    public NvrtcResult Result { get; } = result;
    public string Call { get; } = call;
    public string? Log { get; } = log;
}
