namespace LongDoc.Service.Watching;

/// <summary>
/// Decides when a file has stopped changing: its size and mtime were the same at every look for the stability
/// delay. A file that changes starts its wait again; one that vanishes is forgotten.
/// </summary>
public sealed class StabilityTracker(TimeSpan delay, TimeProvider clock)
{
    readonly record struct Seen(long Size, DateTime Mtime, DateTimeOffset Since);

    readonly Dictionary<string, Seen> _seen = [];

    public int Count => _seen.Count;

    /// <summary>Looks at the file now; true once it has been unchanged for the delay (the file then leaves the tracker).</summary>
    public bool IsStable(string path)
    {
        var info = new FileInfo(path);
        if (!info.Exists) { _seen.Remove(path); return false; }
        var now = clock.GetUtcNow();
        if (!_seen.TryGetValue(path, out var seen) || seen.Size != info.Length || seen.Mtime != info.LastWriteTimeUtc)
        {
            _seen[path] = new Seen(info.Length, info.LastWriteTimeUtc, now);
            return false;
        }
        if (now - seen.Since < delay) return false;
        _seen.Remove(path);
        return true;
    }

    public void Forget(string path) => _seen.Remove(path);
}
