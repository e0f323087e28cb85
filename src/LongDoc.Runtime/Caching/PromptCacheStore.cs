using LongDoc.Runtime.Models;

namespace LongDoc.Runtime.Caching;

/// <summary>
/// A directory of saved prompt prefixes (PromptCacheFile), one file per key digest, capped in bytes with LRU eviction:
/// a file's last-write time is its last use (set again on every hit; atime is unreliable under relatime/noatime).
/// Files are written to a temporary name and renamed, so a killed run never leaves a half file under a real name.
/// A damaged or unreadable file is a warning and a miss, never a crash; it is deleted.
/// </summary>
public sealed class PromptCacheStore
{
    public const long DefaultCapBytes = 16L << 30;
    public const string Extension = ".ldkv";

    readonly Action<string> _warn;

    public PromptCacheStore(string directory, long capBytes = DefaultCapBytes, Action<string>? warn = null)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(capBytes, 1);
        Directory = directory;
        CapBytes = capBytes;
        _warn = warn ?? (m => Console.Error.WriteLine($"longdoc: warning: {m}"));
    }

    /// <summary>$XDG_CACHE_HOME/longdoc/kv, else ~/.cache/longdoc/kv.</summary>
    public static string DefaultDirectory =>
        Path.Combine(Environment.GetEnvironmentVariable("XDG_CACHE_HOME") is { Length: > 0 } xdg ? xdg
            : Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".cache"), "longdoc", "kv");

    public string Directory { get; }
    public long CapBytes { get; }

    public string PathFor(PromptCacheKey key) => Path.Combine(Directory, key.Digest + Extension);

    /// <summary>Bytes of all saved prefixes.</summary>
    public long TotalBytes => Entries().Sum(f => f.Length);

    /// <summary>
    /// Restores the prefix saved under <paramref name="key"/> into <paramref name="model"/>: positions 0..n of its
    /// cache and its position. False on a miss or a damaged file (warned); the model's cache is then emptied if the
    /// read had begun to overwrite it.
    /// </summary>
    public bool TryLoad(PromptCacheKey key, TransformerModel model, out int[] tokens)
    {
        tokens = [];
        if (!key.Fits(model.Cache, model.ContextSize))
            throw new ArgumentException($"cache key {key.Text} was made for another cache shape than this model's", nameof(key));
        string path = PathFor(key);
        if (!File.Exists(path)) return false;
        bool touched = false;
        try
        {
            int[]? read;
            using (var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 20))
                read = PromptCacheFile.Read(stream, path, key, model, out touched);
            if (read is null) return false;
            model.AdoptCache(read.Length);
            File.SetLastWriteTimeUtc(path, DateTime.UtcNow);
            tokens = read;
            return true;
        }
        catch (Exception e) when (e is IOException or InvalidDataException or UnauthorizedAccessException)
        {
            _warn($"ignoring KV cache file {path}: {e.Message}");
            if (touched) model.Truncate(0);
            TryDelete(path);
            return false;
        }
    }

    /// <summary>
    /// Saves positions 0..tokens.Length of <paramref name="model"/>'s cache (which must hold <paramref name="tokens"/>
    /// there) under <paramref name="key"/>, then evicts least recently used files down to the cap. A file bigger than
    /// the cap is not saved (warned). IO errors are warnings: the cache is an optimisation.
    /// </summary>
    public void Save(PromptCacheKey key, TransformerModel model, ReadOnlySpan<int> tokens)
    {
        if (tokens.Length == 0 || tokens.Length > model.Position)
            throw new ArgumentException($"cannot save {tokens.Length} tokens: the model's cache holds {model.Position}", nameof(tokens));
        long size = KvCacheSnapshot.Bytes(model.Cache, tokens.Length);
        if (size > CapBytes) { _warn($"KV cache of {tokens.Length} tokens ({size} bytes) is over the cache cap of {CapBytes} bytes; not saved"); return; }
        string path = PathFor(key);
        string temp = $"{path}.{Environment.ProcessId}.{Guid.NewGuid():N}.tmp";
        try
        {
            System.IO.Directory.CreateDirectory(Directory);
            using (var stream = new FileStream(temp, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1 << 20))
                PromptCacheFile.Write(stream, key, model, tokens);
            File.Move(temp, path, overwrite: true);
            EvictToCap(keep: path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            _warn($"could not save KV cache file {path}: {e.Message}");
            TryDelete(temp);
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

    void TryDelete(string path)
    {
        try { File.Delete(path); }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException) { _warn($"could not delete {path}: {e.Message}"); }
    }
}
