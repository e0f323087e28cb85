using System.Reflection;
using System.Text.RegularExpressions;

namespace LongDoc.Runtime.Backends.Cuda.Compile;

/// <summary>One kernels/*.cu file as embedded in this assembly, with the <c>extern "C"</c> entry points it declares.</summary>
public sealed record KernelSource(string FileName, string Text, IReadOnlyList<string> EntryPoints);

/// <summary>
/// The CUDA C sources embedded from kernels/ (LogicalName LongDoc.Runtime.Kernels.NAME.cu). A source may share device
/// code through <c>#include "NAME.cuh"</c> of another embedded file of kernels/ (headers may include headers): the
/// line is replaced by that file's text here, once per source, so what NVRTC compiles (and the cache key hashes) is one self-contained text, headers included.
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

    /// <summary>
    /// <paramref name="text"/> with each <c>#include "X.cuh"</c> line replaced by X.cuh, itself inlined the same way;
    /// a header already inlined into this source becomes an empty line (as an include guard would), a cycle or an
    /// unknown header is an error naming both files.
    /// </summary>
    public static string Inline(string name, string text, IReadOnlyDictionary<string, string> files) =>
        Inline(name, text, files, new HashSet<string>(StringComparer.Ordinal), []);

    static string Inline(string name, string text, IReadOnlyDictionary<string, string> files, HashSet<string> done, List<string> open) =>
        IncludePattern().Replace(text, m =>
        {
            string header = m.Groups[1].Value;
            if (open.Contains(header)) throw new InvalidOperationException($"kernels/{name}: #include \"{header}\" includes itself through {string.Join(" -> ", open)}");
            if (!done.Add(header)) return "";
            if (!files.TryGetValue(header, out var body)) throw new InvalidOperationException($"kernels/{name}: #include \"{header}\" is not an embedded kernels/*.cuh");
            open.Add(header);
            try { return Inline(header, body, files, done, open); }
            finally { open.RemoveAt(open.Count - 1); }
        });

    [GeneratedRegex(@"^#include\s+""([\w.]+\.cuh)""[ \t]*$", RegexOptions.Multiline)]
    private static partial Regex IncludePattern();

    [GeneratedRegex(@"extern\s+""C""\s+__global__\s+(?:__launch_bounds__\s*\([^)]*\)\s+)?void\s+(?:__launch_bounds__\s*\([^)]*\)\s+)?(\w+)\s*\(")]
    private static partial Regex EntryPattern();
}
