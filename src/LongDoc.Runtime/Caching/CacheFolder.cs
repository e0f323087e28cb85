namespace LongDoc.Runtime.Caching;

/// <summary>
/// A folder of cache files of one kind (one extension), one file per key digest, capped in bytes with LRU eviction:
/// a file's last-write time is its last use (<see cref="Touch"/> on every hit; atime is unreliable under relatime or
/// noatime). Files are written to a temporary name and renamed, so a killed run never leaves a half file under a
/// real name. IO errors are warnings, never crashes: a cache is an optimisation.
/// </summary>
public sealed class CacheFolder
{
    readonly Action<string> _warn;

    public CacheFolder(string directory, string extension, long capBytes, Action<string>? warn = null)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(capBytes, 1);
        Directory = directory;
        Extension = extension;
        CapBytes = capBytes;
        _warn = warn ?? (m => Console.Error.WriteLine($"longdoc: warning: {m}"));
    }

    /// <summary>$XDG_CACHE_HOME/longdoc/<paramref name="kind"/>, else ~/.cache/longdoc/<paramref name="kind"/>.</summary>
    public static string DefaultDirectory(string kind) =>
        Path.Combine(Environment.GetEnvironmentVariable("XDG_CACHE_HOME") is { Length: > 0 } xdg ? xdg
            : Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".cache"), "longdoc", kind);

    public string Directory { get; }
    public string Extension { get; }
    public long CapBytes { get; }

    public string PathFor(string digest) => Path.Combine(Directory, digest + Extension);

    /// <summary>Bytes of all files of this kind.</summary>
    public long TotalBytes => Entries().Sum(f => f.Length);

    public void Warn(string message) => _warn(message);

    /// <summary>Marks <paramref name="path"/> as just used.</summary>
    public void Touch(string path)
    {
        try { File.SetLastWriteTimeUtc(path, DateTime.UtcNow); }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException) { _warn($"could not touch {path}: {e.Message}"); }
    }

    /// <summary>
    /// Writes <paramref name="path"/> through <paramref name="write"/> (temporary file, then rename), then evicts
    /// least recently used files down to the cap, keeping this one. False (warned) when the file could not be written.
    /// </summary>
    public bool Write(string path, Action<Stream> write, string what)
    {
        string temp = $"{path}.{Environment.ProcessId}.{Guid.NewGuid():N}.tmp";
        try
        {
            System.IO.Directory.CreateDirectory(Directory);
            using (var stream = new FileStream(temp, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1 << 20))
                write(stream);
            File.Move(temp, path, overwrite: true);
            EvictToCap(keep: path);
            return true;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            _warn($"could not save {what} {path}: {e.Message}");
            TryDelete(temp);
            return false;
        }
    }

    // Oldest use first, until the rest fits; the file just written stays.
    void EvictToCap(string keep)
    {
        var files = Entries().OrderBy(f => f.LastWriteTimeUtc).ToList();
        long total = files.Sum(f => f.Length);
        foreach (var f in files)
        {
            if (total <= CapBytes) break;
            if (f.FullName == Path.GetFullPath(keep)) continue;
            total -= f.Length;
            TryDelete(f.FullName);
        }
    }

    IEnumerable<FileInfo> Entries() =>
        System.IO.Directory.Exists(Directory) ? new DirectoryInfo(Directory).EnumerateFiles("*" + Extension) : [];

    public void TryDelete(string path)
    {
        try { File.Delete(path); }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException) { _warn($"could not delete {path}: {e.Message}"); }
    }
}
