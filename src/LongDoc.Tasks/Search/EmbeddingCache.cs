using System.Buffers.Binary;
using System.Runtime.InteropServices;
using System.Security.Cryptography;
using System.Text;
using LongDoc.Runtime.Caching;

namespace LongDoc.Tasks.Search;

/// <summary>
/// Passage vectors saved on disk, so a document is embedded once per embedding model, not on every `ask`.
/// Keyed by SHA-256 of the model's id and every passage text in order: a change to the document, to how it is split
/// into passages, or to the model is a miss. File: "LDEMB1\0\0", key digest (32 bytes), count and dimensions (int32
/// little-endian), then [count, dimensions] float32. A damaged file is a warning and a miss; it is deleted.
/// Size-capped with LRU eviction (<see cref="CacheFolder"/>).
/// </summary>
public sealed class EmbeddingCache(string directory, long capBytes = EmbeddingCache.DefaultCapBytes, Action<string>? warn = null)
{
    public const long DefaultCapBytes = 1L << 30;
    public const string Extension = ".ldemb";
    static ReadOnlySpan<byte> Magic => "LDEMB1\0\0"u8;
    const int HeaderBytes = 8 + 32 + 8;

    readonly CacheFolder folder = new(directory, Extension, capBytes, warn);

    /// <summary>$XDG_CACHE_HOME/longdoc/embeddings, else ~/.cache/longdoc/embeddings.</summary>
    public static string DefaultDirectory => CacheFolder.DefaultDirectory("embeddings");

    public string Directory => folder.Directory;

    public static byte[] Key(string modelId, IReadOnlyList<string> texts)
    {
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        hash.AppendData(Encoding.UTF8.GetBytes(modelId + "\n"));
        foreach (var text in texts) hash.AppendData(Encoding.UTF8.GetBytes(text + "\0"));
        return hash.GetHashAndReset();
    }

    public string PathFor(byte[] key) => folder.PathFor(Convert.ToHexStringLower(key));

    /// <summary>The saved vectors for <paramref name="key"/>: [count, dimensions], or null on a miss.</summary>
    public float[]? TryLoad(byte[] key, int count, int dimensions)
    {
        string path = PathFor(key);
        if (!File.Exists(path)) return null;
        try
        {
            var bytes = File.ReadAllBytes(path);
            var header = bytes.AsSpan(0, Math.Min(HeaderBytes, bytes.Length));
            if (header.Length < HeaderBytes || !header[..8].SequenceEqual(Magic) || !header.Slice(8, 32).SequenceEqual(key))
                throw new InvalidDataException("not an embedding file of this key");
            int savedCount = BinaryPrimitives.ReadInt32LittleEndian(header[40..]);
            int savedDimensions = BinaryPrimitives.ReadInt32LittleEndian(header[44..]);
            if (savedCount != count || savedDimensions != dimensions || bytes.Length != HeaderBytes + 4L * count * dimensions)
                throw new InvalidDataException($"holds {savedCount} x {savedDimensions} vectors in {bytes.Length} bytes, expected {count} x {dimensions}");
            var vectors = MemoryMarshal.Cast<byte, float>(bytes.AsSpan(HeaderBytes)).ToArray();
            if (!BitConverter.IsLittleEndian) throw new InvalidDataException("big-endian machines are not supported");
            folder.Touch(path);
            return vectors;
        }
        catch (Exception e) when (e is IOException or InvalidDataException or UnauthorizedAccessException)
        {
            folder.Warn($"ignoring embedding cache file {path}: {e.Message}");
            folder.TryDelete(path);
            return null;
        }
    }

    public void Save(byte[] key, ReadOnlySpan<float> vectors, int count, int dimensions)
    {
        if (vectors.Length != count * dimensions) throw new ArgumentException($"{vectors.Length} floats for {count} x {dimensions}", nameof(vectors));
        var bytes = new byte[HeaderBytes + 4L * vectors.Length];
        Magic.CopyTo(bytes);
        key.CopyTo(bytes, 8);
        BinaryPrimitives.WriteInt32LittleEndian(bytes.AsSpan(40), count);
        BinaryPrimitives.WriteInt32LittleEndian(bytes.AsSpan(44), dimensions);
        MemoryMarshal.AsBytes(vectors).CopyTo(bytes.AsSpan(HeaderBytes));
        folder.Write(PathFor(key), stream => stream.Write(bytes), "embedding cache file");
    }
}
