using System.Security.Cryptography;
using LongDoc.Runtime.Models;

namespace LongDoc.Runtime.Caching;

/// <summary>
/// Positions 0..n of a KV cache as bytes, exactly as stored (F16 or F32): per layer the keys of each head, then the
/// values of each head. The cache keeps each head's positions contiguous (K (Hkv, Capacity, Dk)), so a prefix is
/// 2 x Hkv runs per layer, copied straight between the file and native memory; then, for DSA models, the indexer keys
/// of each layer that keeps them (one run each).
/// </summary>
public static unsafe class KvCacheSnapshot
{
    /// <summary>Bytes <see cref="WriteTo"/> writes for positions 0..<paramref name="positions"/>.</summary>
    public static long Bytes(KvCache cache, int positions) =>
        (long)cache.Layers * cache.KvHeads * positions * (cache.KeyLength + cache.ValueLength) * cache.ElementBytes
        + (cache.IndexKeys is { } ix ? (long)Enumerable.Range(0, ix.Layers).Count(ix.Has) * positions * ix.KeyLength * ix.ElementBytes : 0);

    /// <summary>Writes positions 0..<paramref name="positions"/>; <paramref name="hash"/>, when given, sees the same bytes.</summary>
    public static void WriteTo(KvCache cache, Stream stream, int positions, IncrementalHash? hash = null)
    {
        foreach (var run in Runs(cache, positions))
        {
            var bytes = new ReadOnlySpan<byte>(run.Start, run.Length);
            hash?.AppendData(bytes);
            stream.Write(bytes);
        }
    }

    /// <summary>Reads what <see cref="WriteTo"/> wrote; a short stream throws <see cref="EndOfStreamException"/> with the
    /// cache partly overwritten.</summary>
    public static void ReadFrom(KvCache cache, Stream stream, int positions, IncrementalHash? hash = null)
    {
        foreach (var run in Runs(cache, positions))
        {
            var bytes = new Span<byte>(run.Start, run.Length);
            stream.ReadExactly(bytes);
            hash?.AppendData(bytes);
        }
    }

    readonly struct Run(byte* start, int length)
    {
        public readonly byte* Start = start;
        public readonly int Length = length;
    }

    static Run[] Runs(KvCache cache, int positions)
    {
        if (positions < 0 || positions > cache.Capacity)
            throw new ArgumentOutOfRangeException(nameof(positions), $"{positions} positions outside 0..{cache.Capacity}");
        int keyBytes = checked(positions * cache.KeyLength * cache.ElementBytes), valueBytes = checked(positions * cache.ValueLength * cache.ElementBytes);
        var runs = new Run[cache.Layers * cache.KvHeads * 2];
        int i = 0;
        for (int l = 0; l < cache.Layers; l++)
        {
            for (int h = 0; h < cache.KvHeads; h++) runs[i++] = new Run(cache.Key(l, h, 0), keyBytes);
            for (int h = 0; h < cache.KvHeads; h++) runs[i++] = new Run(cache.Value(l, h, 0), valueBytes);
        }
        if (cache.IndexKeys is not { } ix) return runs;
        int indexBytes = checked(positions * ix.KeyLength * ix.ElementBytes);
        return [.. runs, .. Enumerable.Range(0, ix.Layers).Where(ix.Has).Select(l => new Run(ix.Key(l, 0), indexBytes))];
    }
}
