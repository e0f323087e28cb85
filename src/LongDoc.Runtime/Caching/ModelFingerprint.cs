using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text;

namespace LongDoc.Runtime.Caching;

/// <summary>
/// A stable, cheap identity of a model on disk, for cache keys. SHA-256 over, per weight file: its name, length,
/// last-write time and first <see cref="HeadBytes"/> bytes. Why not the whole file: hashing 20 GB costs tens of
/// seconds per run, more than the cache saves. What the head covers: a GGUF file starts with its metadata and tensor
/// table (shapes, types, offsets), a safetensors file with its JSON header, so a re-conversion or re-quantization
/// changes the head or the length, and a re-download changes the time. Only an in-place rewrite of weight bytes that
/// keeps length and time would be missed, which no tool does. Memoized per path while length and time stay the same.
/// </summary>
public static class ModelFingerprint
{
    public const int HeadBytes = 4 << 20;

    static readonly ConcurrentDictionary<string, (string Stamp, string Hash)> Memo = new();

    // A link's own length and time say nothing about the weights: use its target (Hugging Face snapshots are links).
    static FileInfo Resolved(string path)
    {
        var info = new FileInfo(path);
        return info.LinkTarget is not null && info.ResolveLinkTarget(returnFinalTarget: true) is FileInfo target ? target : info;
    }

    /// <summary>Hex SHA-256 of a .gguf file or a Hugging Face folder (its *.json and *.safetensors files).</summary>
    public static string Of(string path)
    {
        string full = Path.GetFullPath(path);
        var files = Directory.Exists(full)
            ? Directory.EnumerateFiles(full).Where(f => f.EndsWith(".safetensors", StringComparison.Ordinal) || f.EndsWith(".json", StringComparison.Ordinal))
                .Order(StringComparer.Ordinal).Select(Resolved).ToArray()
            : [Resolved(full)];
        if (files.Length == 0 || !files[0].Exists) throw new FileNotFoundException($"{path}: no model file to fingerprint", path);
        string stamp = string.Join("|", files.Select(f => $"{f.Name}:{f.Length}:{f.LastWriteTimeUtc.Ticks}"));
        if (Memo.TryGetValue(full, out var known) && known.Stamp == stamp) return known.Hash;

        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        var buffer = new byte[HeadBytes];
        foreach (var f in files)
        {
            hash.AppendData(Encoding.UTF8.GetBytes($"{f.Name}:{f.Length}:{f.LastWriteTimeUtc.Ticks}\n"));
            using var stream = f.OpenRead();
            int read = stream.ReadAtLeast(buffer, (int)Math.Min(f.Length, HeadBytes), throwOnEndOfStream: false);
            hash.AppendData(buffer, 0, read);
        }
        string result = Convert.ToHexStringLower(hash.GetHashAndReset());
        Memo[full] = (stamp, result);
        return result;
    }
}
