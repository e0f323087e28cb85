using System.Runtime.InteropServices;

namespace LongDoc.Runtime.Models;

public enum KvCacheType { F16, F32 }

/// <summary>
/// Keys and values of every layer for up to <see cref="Capacity"/> positions, in native memory sized once.
/// Layout per layer: K (Hkv, Capacity, Dk) and V (Hkv, Capacity, Dv), so one head's keys are contiguous and
/// attention streams them in order. F16 halves the memory (the default, as llama.cpp); F32 is for checks.
/// </summary>
public sealed unsafe class KvCache : IDisposable
{
    readonly byte*[] _k;
    readonly byte*[] _v;

    public KvCache(int layers, int capacity, int kvHeads, int keyLength, int valueLength, KvCacheType type)
    {
        Layers = layers; Capacity = capacity; KvHeads = kvHeads; KeyLength = keyLength; ValueLength = valueLength; Type = type;
        ElementBytes = type == KvCacheType.F16 ? 2 : 4;
        _k = new byte*[layers];
        _v = new byte*[layers];
        for (int l = 0; l < layers; l++)
        {
            _k[l] = (byte*)NativeMemory.AllocZeroed(checked((nuint)((long)kvHeads * capacity * keyLength * ElementBytes)));
            _v[l] = (byte*)NativeMemory.AllocZeroed(checked((nuint)((long)kvHeads * capacity * valueLength * ElementBytes)));
        }
    }

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
    }
}
