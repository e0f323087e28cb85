using System.Text.RegularExpressions;

namespace LongDoc.Service.Watching;

/// <summary>Glob patterns (* any run, ? one character) tested against each segment of a relative path.</summary>
public sealed class IgnorePatterns(IEnumerable<string> globs)
{
    readonly Regex[] _patterns = [.. globs.Select(g => new Regex("^" + Regex.Escape(g).Replace(@"\*", ".*").Replace(@"\?", ".") + "$",
        RegexOptions.CultureInvariant | RegexOptions.IgnoreCase))];

    /// <summary>True when any folder or the file name of <paramref name="relativePath"/> matches a pattern.</summary>
    public bool Ignores(string relativePath) =>
        relativePath.Split(Path.DirectorySeparatorChar, StringSplitOptions.RemoveEmptyEntries).Any(segment => _patterns.Any(p => p.IsMatch(segment)));
}
