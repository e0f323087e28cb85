using System.Text.RegularExpressions;
using LongDoc.Runtime.Models;

namespace LongDoc.Runtime.Weights;

/// <summary>
/// Hugging Face checkpoint names -> internal (GGUF) names, by the rows of each architecture's
/// <see cref="ArchitectureDescriptor.HfTensorNames"/>. Per-expert HF tensors become slices of the stacked GGUF expert tensor.
/// </summary>
public static class HfNames
{
    static readonly Dictionary<string, (Regex Pattern, string Internal)[]> Compiled = Architectures.All.ToDictionary(
        a => a.Name, a => a.HfTensorNames.Select(p => (Compile(p.Hf), p.Internal)).ToArray(), StringComparer.Ordinal);

    /// <summary>Table rows for <paramref name="architecture"/> as (HF pattern, internal pattern).</summary>
    public static IReadOnlyList<(string Hf, string Internal)> Table(string architecture) =>
        Architectures.Find(architecture)?.HfTensorNames
        ?? throw new ArgumentException($"no Hugging Face name table for architecture {architecture} (supported: {string.Join(", ", Architectures.Supported)})");

    /// <summary>Maps one checkpoint name; <paramref name="expert"/> is -1 unless the name is a per-expert tensor.</summary>
    public static bool TryMap(string architecture, string hfName, out string internalName, out int expert)
    {
        Table(architecture);
        foreach (var (pattern, target) in Compiled[architecture])
        {
            var m = pattern.Match(hfName);
            if (!m.Success) continue;
            internalName = m.Groups["i"].Success ? target.Replace("{i}", m.Groups["i"].Value) : target;
            expert = m.Groups["e"].Success ? int.Parse(m.Groups["e"].Value) : -1;
            return true;
        }
        internalName = ""; expert = -1;
        return false;
    }

    static Regex Compile(string hf) => new(
        "^" + Regex.Escape(hf).Replace(@"\{i}", "(?<i>[0-9]{1,6})").Replace(@"\{e}", "(?<e>[0-9]{1,6})") + "$",
        RegexOptions.CultureInvariant | RegexOptions.Compiled);
}
