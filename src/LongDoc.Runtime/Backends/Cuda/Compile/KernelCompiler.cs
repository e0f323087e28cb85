using System.Diagnostics;

namespace LongDoc.Runtime.Backends.Cuda.Compile;

/// <summary>A compiled kernel file: the image, where it came from and how long that took.</summary>
public sealed record KernelBuild(KernelSource Source, string Architecture, CompiledImage Image, bool FromCache, TimeSpan Elapsed, string CacheKey);

/// <summary>
/// Compiles embedded kernels with NVRTC through the disk cache. Every compile is logged with its time through
/// <paramref name="log"/> (the CLI passes a stderr writer; null keeps it quiet).
/// </summary>
public sealed class KernelCompiler(KernelCache cache, Action<string>? log = null)
{
    /// <summary>Options every kernel is compiled with (part of the cache key). -lineinfo keeps file:line for profilers.</summary>
    public static readonly IReadOnlyList<string> CommonOptions = ["-lineinfo"];

    public KernelCache Cache { get; } = cache;

    public KernelBuild Compile(KernelSource source, string architecture)
    {
        string version = NvrtcCompiler.Version;
        string key = KernelCache.Key(source, architecture, version, CommonOptions);
        var clock = Stopwatch.StartNew();
        var cached = Cache.TryRead(key);
        if (cached != null)
            return new KernelBuild(source, architecture, new CompiledImage(cached, key.EndsWith(".cubin", StringComparison.Ordinal), ""), true, clock.Elapsed, key);

        var image = NvrtcCompiler.Compile(source.Text, source.FileName, architecture, CommonOptions);
        var elapsed = clock.Elapsed;
        try
        {
            Cache.Write(key, image.Image);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // A read-only home or full disk costs a recompile next start, not this run.
            log?.Invoke($"cuda: kernel cache {Cache.Directory} not writable ({e.Message}); {source.FileName} will be compiled again next time");
        }
        log?.Invoke($"cuda: compiled {source.FileName} for {architecture} with NVRTC {version} in {elapsed.TotalMilliseconds:F0} ms");
        return new KernelBuild(source, architecture, image, false, elapsed, key);
    }
}
