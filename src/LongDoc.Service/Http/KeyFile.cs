using System.Text.RegularExpressions;
using LongDoc.Service.Jobs;

namespace LongDoc.Service.Http;

/// <summary>One key of the key file: its tenant, and whether it is an admin key.</summary>
public sealed record ApiKey(string Key, string Tenant, bool Admin);

/// <summary>
/// The key file (Http:KeyFile), one key per line: `KEY [TENANT] [admin]`, fields separated by blanks. A line with only
/// KEY belongs to tenant "default"; `admin` marks a key that sees every tenant. Comments are whole lines starting with
/// '#' ('#' inside a key is part of the key). Keys have at least <see cref="MinKeyLength"/> characters. Failures name
/// the file and the line, never the key (see src/LongDoc.Service/README.md, "HTTP API security").
/// </summary>
public static partial class KeyFile
{
    public const int MinKeyLength = 16;

    [GeneratedRegex("^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$")]
    private static partial Regex TenantName();

    public static (IReadOnlyList<ApiKey> Keys, IReadOnlyList<string> Failures) Read(string path)
    {
        string[] lines;
        try { lines = File.ReadAllLines(path); }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException) { return ([], [$"Http:KeyFile: cannot read {path}: {e.Message}"]); }
        var keys = new List<ApiKey>();
        var failures = new List<string>();
        var seen = new Dictionary<string, int>(StringComparer.Ordinal);
        for (int i = 0; i < lines.Length; i++)
        {
            var line = lines[i].Trim();
            if (line.Length == 0 || line.StartsWith('#')) continue;
            var fields = line.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries);
            var where = $"Http:KeyFile: {path} line {i + 1}";
            var tenant = fields.Length > 1 ? fields[1] : NewJob.DefaultTenant;
            if (fields[0].Length < MinKeyLength)
                failures.Add($"{where}: the key has {fields[0].Length} characters; a key needs at least {MinKeyLength}");
            else if (fields.Length > 3 || (fields.Length == 3 && fields[2] != "admin"))
                failures.Add($"{where}: expected KEY [TENANT] [admin] (a comment is a line of its own starting with '#')");
            else if (!TenantName().IsMatch(tenant))
                failures.Add($"{where}: the tenant name must be 1-64 letters, digits, '.', '_' or '-' (not starting with '.', '_' or '-')");
            else if (seen.TryGetValue(fields[0], out var first))
                failures.Add($"{where}: repeats the key of line {first}");
            else
            {
                seen[fields[0]] = i + 1;
                keys.Add(new ApiKey(fields[0], tenant, fields.Length == 3));
            }
        }
        if (keys.Count == 0 && failures.Count == 0)
            failures.Add($"Http:KeyFile: {path} holds no key (one line per key: KEY [TENANT] [admin]; '#' starts a comment line)");
        return (keys, failures);
    }
}
