using System.Runtime.InteropServices;
using LongDoc.Runtime.Sparse;

namespace LongDoc.Runtime.Models;

public enum KvCacheType { F16, F32 }

/// <summary>
/// Keys and values of every layer for up to <see cref="Capacity"/> positions, in native memory sized once.
/// Layout per layer: K (Hkv, Capacity, Dk) and V (Hkv, Capacity, Dv), so one head's keys are contiguous and
/// attention streams them in order. F16 halves the memory (the default, as llama.cpp); F32 is for checks.
/// With a statistics block size, per-block key statistics (<see cref="KvBlockStatistics"/>) for block-sparse attention
/// are kept beside it, updated by every <see cref="Store"/>.
/// </summary>
public sealed unsafe class KvCache : IDisposable
{
    readonly byte*[] _k;
    readonly byte*[] _v;

    /// <param name="statisticsBlock">Block size of the key statistics for sparse attention; 0 keeps none.</param>
    /// <param name="indexKeys">The DSA indexer's keys (deepseek32, glm-dsa), owned and disposed by this cache; null for other models.</param>
    public KvCache(int layers, int capacity, int kvHeads, int keyLength, int valueLength, KvCacheType type, int statisticsBlock = 0,
        IndexKeyCache? indexKeys = null)
    {
        IndexKeys = indexKeys;
        Layers = layers; Capacity = capacity; KvHeads = kvHeads; KeyLength = keyLength; ValueLength = valueLength; Type = type;
        ElementBytes = type == KvCacheType.F16 ? 2 : 4;
        _k = new byte*[layers];
        _v = new byte*[layers];
        for (int l = 0; l < layers; l++)
        {
            _k[l] = (byte*)NativeMemory.AllocZeroed(checked((nuint)((long)kvHeads * capacity * keyLength * ElementBytes)));
            _v[l] = (byte*)NativeMemory.AllocZeroed(checked((nuint)((long)kvHeads * capacity * valueLength * ElementBytes)));
        }
        if (statisticsBlock > 0) BlockStatistics = new KvBlockStatistics(layers, capacity, kvHeads, keyLength, statisticsBlock);
    }

    /// <summary>The DSA indexer's keys, or null when the model has no indexer.</summary>
    public IndexKeyCache? IndexKeys { get; }

    /// <summary>Per-block key statistics (sparse attention), or null when the cache keeps none.</summary>
    public KvBlockStatistics? BlockStatistics { get; }

    public int Layers { get; }
    public int Capacity { get; }
    public int KvHeads { get; }
    public int KeyLength { get; }
    public int ValueLength { get; }
    public KvCacheType Type { get; }
    public int ElementBytes { get; }

    /// <summary>Start of the keys of head <paramref name="head"/> at position <paramref name="pos"/> in layer <paramref name="layer"/>.</summary>
    public byte* Key(int layer, int head, int pos) => _k[layer] + ((long)head * Capacity + pos) * KeyLength * ElementBytes;
    public byte* Value(int layer, int head, int pos) => _v[layer] + ((long)head * Capacity + pos) * ValueLength * ElementBytes;

    /// <summary>Writes k (T, Hkv*Dk) and v (T, Hkv*Dv) of <paramref name="tokens"/> tokens at positions start.. of a layer.</summary>
    public void Store(int layer, int start, int tokens, ReadOnlySpan<float> k, ReadOnlySpan<float> v)
    {
        if (start + tokens > Capacity) throw new InvalidOperationException($"KV cache holds {Capacity} tokens; {start + tokens} requested");
        for (int t = 0; t < tokens; t++)
            for (int h = 0; h < KvHeads; h++)
            {
                Write(k.Slice((t * KvHeads + h) * KeyLength, KeyLength), Key(layer, h, start + t));
                Write(v.Slice((t * KvHeads + h) * ValueLength, ValueLength), Value(layer, h, start + t));
            }
        if (BlockStatistics is { } stats)
            for (int h = 0; h < KvHeads; h++) UpdateStatistics(stats, layer, h, start, start + tokens);
    }

    /// <summary>
    /// Recomputes the key statistics of every layer from the cache contents of positions 0..positions-1: call it after
    /// filling the cache by other means than <see cref="Store"/> (loading a saved cache). No-op without statistics.
    /// </summary>
    public void RebuildBlockStatistics(int positions)
    {
        if (positions < 0 || positions > Capacity) throw new ArgumentOutOfRangeException(nameof(positions), $"positions {positions} outside 0..{Capacity}");
        if (BlockStatistics is not { } stats) return;
        for (int l = 0; l < Layers; l++)
            for (int h = 0; h < KvHeads; h++) UpdateStatistics(stats, l, h, 0, positions);
    }

    /// <summary>Statistics of positions from..to-1 (a block started before <paramref name="from"/> is first rebuilt from its earlier rows).</summary>
    void UpdateStatistics(KvBlockStatistics stats, int layer, int head, int from, int to)
    {
        Span<float> key = KeyLength <= 1024 ? stackalloc float[KeyLength] : new float[KeyLength];
        int b = stats.Block, first = from - from % b;
        for (int p = first; p < to; p++)
        {
            if (p % b == 0) stats.Reset(layer, head, p / b);
            ReadKey(layer, head, p, key);
            stats.Add(layer, head, p / b, key);
        }
    }

    /// <summary>The key (Dk) of one head at one position, as f32.</summary>
    public void ReadKey(int layer, int head, int pos, Span<float> key)
    {
        byte* src = Key(layer, head, pos);
        if (Type == KvCacheType.F32) new ReadOnlySpan<float>(src, KeyLength).CopyTo(key);
        else fixed (float* k = key) Backends.Cpu.CpuRowDecoder.F16(src, k, KeyLength);   // F16C: per-position calls, TensorPrimitives' small-span Half path is slow
    }

    void Write(ReadOnlySpan<float> src, byte* dst)
    {
        if (Type == KvCacheType.F32) src.CopyTo(new Span<float>(dst, src.Length));
        else System.Numerics.Tensors.TensorPrimitives.ConvertToHalf(src, new Span<Half>(dst, src.Length));
    }

    public void Dispose()
    {
        for (int l = 0; l < Layers; l++)
        {
            NativeMemory.Free(_k[l]); _k[l] = null;
            NativeMemory.Free(_v[l]); _v[l] = null;
        }
        BlockStatistics?.Dispose();
        IndexKeys?.Dispose();
    }
}
