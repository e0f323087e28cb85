using System.Globalization;

namespace LongDoc.Oracle;

/// <summary>A wrong or missing command-line option: exit code 2.</summary>
sealed class OracleUsageException(string message) : Exception(message);

/// <summary>
/// "--name value" options and "--flag" switches, parsed once. Every option a command reads is consumed;
/// leftovers are reported so a typo never silently falls back to a default.
/// </summary>
sealed class OracleArgs
{
    readonly Dictionary<string, string?> _options = [];
    readonly HashSet<string> _used = [];

    public OracleArgs(string[] args, IReadOnlySet<string> switches)
    {
        for (int i = 0; i < args.Length; i++)
        {
            string name = args[i];
            if (!name.StartsWith('-')) throw new OracleUsageException($"unexpected argument '{name}'");
            bool isSwitch = switches.Contains(name);
            if (!isSwitch && i + 1 >= args.Length) throw new OracleUsageException($"{name} needs a value");
            if (!_options.TryAdd(name, isSwitch ? null : args[++i])) throw new OracleUsageException($"{name} given twice");
        }
    }

    public string Required(string name) =>
        String(name) ?? throw new OracleUsageException($"{name} is required");

    public string? String(string name)
    {
        _used.Add(name);
        return _options.TryGetValue(name, out var v) ? v : null;
    }

    public int Int(string name, int fallback) =>
        String(name) is { } s ? int.Parse(s, CultureInfo.InvariantCulture) : fallback;

    public bool Flag(string name)
    {
        _used.Add(name);
        return _options.ContainsKey(name);
    }

    public int[] Tokens(string name) =>
        Required(name).Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(t => int.Parse(t, CultureInfo.InvariantCulture)).ToArray();

    /// <summary>Call after reading every option: rejects the ones no one asked for.</summary>
    public void EnsureAllUsed()
    {
        var unknown = _options.Keys.Where(k => !_used.Contains(k)).ToList();
        if (unknown.Count > 0) throw new OracleUsageException($"unknown option(s): {string.Join(", ", unknown)}");
    }
}
