using System.Reflection;
using System.Text.RegularExpressions;

namespace LongDoc.Runtime.Backends.Cuda.Compile;

/// <summary>One kernels/*.cu file as embedded in this assembly, with the <c>extern "C"</c> entry points it declares.</summary>
public sealed record KernelSource(string FileName, string Text, IReadOnlyList<string> EntryPoints);

/// <summary>
/// The CUDA C sources embedded from kernels/ (LogicalName LongDoc.Runtime.Kernels.NAME.cu). A source may share device
/// code through <c>#include "NAME.cuh"</c> of another embedded file of kernels/: the line is replaced by that file's
/// text here, so what NVRTC compiles (and the cache key hashes) is one self-contained text, headers included.
/// </summary>
public static partial class KernelSources
{
    const string Prefix = "LongDoc.Runtime.Kernels.";

    static readonly Lazy<IReadOnlyList<KernelSource>> Embedded = new(Load);

    public static IReadOnlyList<KernelSource> All => Embedded.Value;

    /// <summary>The file that declares <paramref name="entryPoint"/>, or null.</summary>
    public static KernelSource? Declaring(string entryPoint) =>
        All.FirstOrDefault(s => s.EntryPoints.Contains(entryPoint, StringComparer.Ordinal));

    /// <summary>Entry points: <c>extern "C" __global__ void name(</c>, with an optional __launch_bounds__(...) before
    /// or after <c>void</c>.</summary>
    public static IReadOnlyList<string> FindEntryPoints(string text) =>
        [.. EntryPattern().Matches(text).Select(m => m.Groups[1].Value)];

    static IReadOnlyList<KernelSource> Load()
    {
        var asm = typeof(KernelSources).Assembly;
        var files = asm.GetManifestResourceNames().Where(n => n.StartsWith(Prefix, StringComparison.Ordinal)).Order(StringComparer.Ordinal)
            .ToDictionary(n => n[Prefix.Length..], n =>
            {
                using var reader = new StreamReader(asm.GetManifestResourceStream(n)!);
                return reader.ReadToEnd();
            });
        var list = new List<KernelSource>();
        foreach (var (name, text) in files.Where(f => f.Key.EndsWith(".cu", StringComparison.Ordinal)))
        {
            string full = Inline(name, text, files);
            list.Add(new KernelSource(name, full, FindEntryPoints(full)));
        }
        return list;
    }

    /// <summary><paramref name="text"/> with each <c>#include "X.cuh"</c> line replaced by X.cuh (one level: headers do not include).</summary>
    public static string Inline(string name, string text, IReadOnlyDictionary<string, string> files) =>
        IncludePattern().Replace(text, m => files.TryGetValue(m.Groups[1].Value, out var header) && !IncludePattern().IsMatch(header)
            ? header
            : throw new InvalidOperationException($"kernels/{name}: #include \"{m.Groups[1].Value}\" is not an embedded kernels/*.cuh without includes of its own"));

    [GeneratedRegex(@"^#include\s+""([\w.]+\.cuh)""[ \t]*$", RegexOptions.Multiline)]
    private static partial Regex IncludePattern();

    [GeneratedRegex(@"extern\s+""C""\s+__global__\s+(?:__launch_bounds__\s*\([^)]*\)\s+)?void\s+(?:__launch_bounds__\s*\([^)]*\)\s+)?(\w+)\s*\(")]
    private static partial Regex EntryPattern();
}
