using LongDoc.Runtime.Models;

namespace LongDoc.Runtime.Caching;

/// <summary>
/// A directory of saved prompt prefixes (PromptCacheFile), one file per key digest, capped in bytes with LRU eviction
/// (<see cref="CacheFolder"/>: written under a temporary name and renamed, last-write time = last use).
/// A damaged or unreadable file is a warning and a miss, never a crash; it is deleted.
/// </summary>
public sealed class PromptCacheStore
{
    public const long DefaultCapBytes = 16L << 30;
    public const string Extension = ".ldkv";

    readonly CacheFolder _folder;

    public PromptCacheStore(string directory, long capBytes = DefaultCapBytes, Action<string>? warn = null) =>
        _folder = new CacheFolder(directory, Extension, capBytes, warn);

    /// <summary>$XDG_CACHE_HOME/longdoc/kv, else ~/.cache/longdoc/kv.</summary>
    public static string DefaultDirectory => CacheFolder.DefaultDirectory("kv");

    public string Directory => _folder.Directory;
    public long CapBytes => _folder.CapBytes;

    public string PathFor(PromptCacheKey key) => _folder.PathFor(key.Digest);

    /// <summary>Bytes of all saved prefixes.</summary>
    public long TotalBytes => _folder.TotalBytes;

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
            _folder.Touch(path);
            tokens = read;
            return true;
        }
        catch (Exception e) when (e is IOException or InvalidDataException or UnauthorizedAccessException)
        {
            _folder.Warn($"ignoring KV cache file {path}: {e.Message}");
            if (touched) model.Truncate(0);
            _folder.TryDelete(path);
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
        if (size > CapBytes) { _folder.Warn($"KV cache of {tokens.Length} tokens ({size} bytes) is over the cache cap of {CapBytes} bytes; not saved"); return; }
        var saved = tokens.ToArray();
        _folder.Write(PathFor(key), stream => PromptCacheFile.Write(stream, key, model, saved), "KV cache file");
    }
}
