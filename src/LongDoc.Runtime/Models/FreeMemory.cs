using System.Globalization;

namespace LongDoc.Runtime.Models;

/// <summary>
/// Host memory this process may still take: MemAvailable of /proc/meminfo (free plus reclaimable cache), lowered to
/// what the cgroup's limit leaves (a container's memory.max - memory.current, or cgroup v1's limit - usage), since
/// MemAvailable inside a container describes the whole machine. Null where neither can be read (not Linux).
/// </summary>
public static class FreeMemory
{
    public static long? AvailableBytes()
    {
        long? available = MemAvailable(Read("/proc/meminfo"));
        long? cgroup = CgroupHeadroom(Read("/sys/fs/cgroup/memory.max"), Read("/sys/fs/cgroup/memory.current"))
                    ?? CgroupHeadroom(Read("/sys/fs/cgroup/memory/memory.limit_in_bytes"), Read("/sys/fs/cgroup/memory/memory.usage_in_bytes"));
        return available is long a && cgroup is long c ? Math.Min(a, c) : available ?? cgroup;
    }

    /// <summary>"MemAvailable:  9512344 kB" of /proc/meminfo in bytes; null when the line is missing or malformed.</summary>
    public static long? MemAvailable(string? meminfo)
    {
        foreach (var line in (meminfo ?? "").Split('\n'))
        {
            if (!line.StartsWith("MemAvailable:", StringComparison.Ordinal)) continue;
            var parts = line["MemAvailable:".Length..].Split(' ', StringSplitOptions.RemoveEmptyEntries);
            return parts.Length == 2 && parts[1] == "kB" && long.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out long kb)
                && kb <= long.MaxValue / 1024 ? kb * 1024 : null;
        }
        return null;
    }

    /// <summary>limit - usage of a cgroup, at least 0; null without a numeric limit ("max", missing, or absurdly large: no limit).</summary>
    public static long? CgroupHeadroom(string? limit, string? usage)
    {
        if (!long.TryParse(limit?.Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out long max) || max >= long.MaxValue / 2) return null;
        long used = long.TryParse(usage?.Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out long u) ? u : 0;
        return Math.Max(0, max - used);
    }

    static string? Read(string path)
    {
        try { return File.Exists(path) ? File.ReadAllText(path) : null; }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException) { return null; }
    }
}
