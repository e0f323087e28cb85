using System.ComponentModel.DataAnnotations;

namespace LongDoc.Service.Processing;

/// <summary>Limits of the child process that reads each document (section "Extraction").</summary>
public sealed class ExtractionOptions
{
    /// <summary>Wall-clock limit per document; the child's whole process tree is killed past it.</summary>
    [Range(1, 86400)] public int TimeoutSeconds { get; set; } = 300;

    /// <summary>The child's managed-heap cap (DOTNET_GCHeapHardLimit).</summary>
    [Range(32, 1_048_576)] public int MemoryLimitMb { get; set; } = 2048;

    /// <summary>
    /// Read documents inside the service process: faster, for trusted input only (a hostile PDF can then crash the
    /// service; the job store still loses nothing, and the poison file is parked after its attempts).
    /// </summary>
    public bool InProcess { get; set; }

    /// <summary>The `longdoc` executable or longdoc.dll to run; empty: the one this process was started from.</summary>
    public string? Command { get; set; }
}
