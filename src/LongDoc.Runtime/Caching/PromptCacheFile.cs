using System.Security.Cryptography;
using System.Text;
using LongDoc.Runtime.Models;

namespace LongDoc.Runtime.Caching;

/// <summary>
/// One saved prompt prefix. Layout (little-endian):
///   "LDKV" | u32 version | i32 key bytes | key text (UTF-8, PromptCacheKey.Text) | i32 n | i32 tokens[n]
///   | i64 payload bytes | payload (KvCacheSnapshot.WriteTo: positions 0..n of every layer) | 32-byte SHA-256
/// The checksum covers tokens and payload, so a flipped bit anywhere that matters is caught. Every length is checked
/// against what the key and the model imply before anything is read into the cache.
/// </summary>
public static class PromptCacheFile
{
    static ReadOnlySpan<byte> Magic => "LDKV"u8;
    const int MaxKeyBytes = 1 << 16;

    public static void Write(Stream stream, PromptCacheKey key, TransformerModel model, ReadOnlySpan<int> tokens)
    {
        using var w = new BinaryWriter(stream, Encoding.UTF8, leaveOpen: true);
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        w.Write(Magic);
        w.Write((uint)PromptCacheKey.FormatVersion);
        byte[] keyText = Encoding.UTF8.GetBytes(key.Text);
        w.Write(keyText.Length);
        w.Write(keyText);
        w.Write(tokens.Length);
        var tokenBytes = System.Runtime.InteropServices.MemoryMarshal.AsBytes(tokens);
        w.Write(tokenBytes);
        hash.AppendData(tokenBytes);
        w.Write(KvCacheSnapshot.Bytes(model.Cache, tokens.Length));
        w.Flush();
        KvCacheSnapshot.WriteTo(model.Cache, stream, tokens.Length, hash);
        stream.Write(hash.GetHashAndReset());
    }

    /// <summary>
    /// Reads a file written for <paramref name="key"/> into <paramref name="model"/>'s cache and returns its tokens.
    /// Null when the file was made for another key. Throws <see cref="InvalidDataException"/> or
    /// <see cref="EndOfStreamException"/> for a damaged file; <paramref name="cacheTouched"/> then says whether the
    /// model's cache was already partly overwritten.
    /// </summary>
    public static int[]? Read(Stream stream, string path, PromptCacheKey key, TransformerModel model, out bool cacheTouched)
    {
        cacheTouched = false;
        using var r = new BinaryReader(stream, Encoding.UTF8, leaveOpen: true);
        if (!r.ReadBytes(4).AsSpan().SequenceEqual(Magic)) throw Bad(path, "magic", "not a LongDoc KV cache file");
        uint version = r.ReadUInt32();
        if (version != PromptCacheKey.FormatVersion) return null; // an older layout: a miss, replaced on save
        int keyLength = r.ReadInt32();
        if (keyLength is < 1 or > MaxKeyBytes) throw Bad(path, "key", $"length {keyLength} outside 1..{MaxKeyBytes}");
        if (Encoding.UTF8.GetString(r.ReadBytes(keyLength)) != key.Text) return null;

        int n = r.ReadInt32();
        if (n < 1 || n > model.ContextSize) throw Bad(path, "tokens", $"count {n} outside 1..{model.ContextSize}");
        var tokens = new int[n];
        var tokenBytes = System.Runtime.InteropServices.MemoryMarshal.AsBytes(tokens.AsSpan());
        stream.ReadExactly(tokenBytes);
        foreach (int t in tokens)
            if ((uint)t >= (uint)model.Config.VocabSize) throw Bad(path, "tokens", $"token {t} outside the vocabulary of {model.Config.VocabSize}");
        long payload = r.ReadInt64();
        long expected = KvCacheSnapshot.Bytes(model.Cache, n);
        if (payload != expected) throw Bad(path, "payload", $"{payload} bytes, the cache of {n} tokens is {expected}");

        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        hash.AppendData(tokenBytes);
        cacheTouched = true;
        KvCacheSnapshot.ReadFrom(model.Cache, stream, n, hash);
        Span<byte> stored = stackalloc byte[32];
        stream.ReadExactly(stored);
        if (!stored.SequenceEqual(hash.GetHashAndReset())) throw Bad(path, "checksum", "SHA-256 of tokens and cache does not match");
        return tokens;
    }

    static InvalidDataException Bad(string path, string field, string problem) => new($"{path}: {field}: {problem}");
}
