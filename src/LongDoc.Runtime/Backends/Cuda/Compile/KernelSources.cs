using System.Reflection;
using System.Text.RegularExpressions;

namespace LongDoc.Runtime.Backends.Cuda.Compile;

/// <summary>One kernels/*.cu file as embedded in this assembly, with the <c>extern "C"</c> entry points it declares.</summary>
public sealed record KernelSource(string FileName, string Text, IReadOnlyList<string> EntryPoints);

/// <summary>The CUDA C sources embedded from kernels/ (LogicalName LongDoc.Runtime.Kernels.NAME.cu).</summary>
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
        var list = new List<KernelSource>();
        foreach (var name in asm.GetManifestResourceNames().Where(n => n.StartsWith(Prefix, StringComparison.Ordinal)).Order(StringComparer.Ordinal))
        {
            using var stream = asm.GetManifestResourceStream(name)!;
            using var reader = new StreamReader(stream);
            string text = reader.ReadToEnd();
            list.Add(new KernelSource(name[Prefix.Length..], text, FindEntryPoints(text)));
        }
        return list;
    }

    [GeneratedRegex(@"extern\s+""C""\s+__global__\s+(?:__launch_bounds__\s*\([^)]*\)\s+)?void\s+(?:__launch_bounds__\s*\([^)]*\)\s+)?(\w+)\s*\(")]
    private static partial Regex EntryPattern();
}
