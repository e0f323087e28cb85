using System.Runtime.InteropServices;
using System.Numerics.Tensors;
using LongDoc.Runtime.Weights;

namespace LongDoc.Runtime.Models;

/// <summary>
/// The DSA indexer's keys (one per position, Di wide, rotated and normalized) of every layer that selects its own
/// positions, beside the MLA latent in <see cref="KvCache"/>, in the cache's type (F16 or F32) like llama.cpp's
/// llama_kv_cache_dsa. Layers that reuse an earlier layer's selection keep none.
/// </summary>
public sealed unsafe class IndexKeyCache : IDisposable
{
    readonly byte*[] _keys;

    /// <param name="full">Per layer: true when the layer computes its own selection (and so keeps keys).</param>
    public IndexKeyCache(IReadOnlyList<bool> full, int capacity, int keyLength, KvCacheType type)
    {
        Capacity = capacity; KeyLength = keyLength; Type = type;
        ElementBytes = type == KvCacheType.F16 ? 2 : 4;
        _keys = new byte*[full.Count];
        for (int l = 0; l < full.Count; l++)
            if (full[l]) _keys[l] = (byte*)NativeMemory.AllocZeroed(checked((nuint)((long)capacity * keyLength * ElementBytes)));
    }

    public int Layers => _keys.Length;
    public int Capacity { get; }
    public int KeyLength { get; }
    public KvCacheType Type { get; }
    public int ElementBytes { get; }

    /// <summary>Whether <paramref name="layer"/> keeps keys.</summary>
    public bool Has(int layer) => _keys[layer] != null;

    /// <summary>Start of the key of position <paramref name="pos"/> in <paramref name="layer"/>.</summary>
    public byte* Key(int layer, int pos) => _keys[layer] + (long)pos * KeyLength * ElementBytes;

    /// <summary>Keys of positions 0..positions-1 as a (positions, Di) matrix in the stored type.</summary>
    public WeightMatrix Keys(int layer, int positions) =>
        new(Type == KvCacheType.F32 ? GgmlType.F32 : GgmlType.F16, positions, KeyLength, _keys[layer]);

    /// <summary>Writes k (T, Di) at positions start.. of a layer.</summary>
    public void Store(int layer, int start, int tokens, ReadOnlySpan<float> k)
    {
        if (start + tokens > Capacity) throw new InvalidOperationException($"index key cache holds {Capacity} tokens; {start + tokens} requested");
        var src = k[..(tokens * KeyLength)];
        if (Type == KvCacheType.F32) src.CopyTo(new Span<float>(Key(layer, start), src.Length));
        else TensorPrimitives.ConvertToHalf(src, new Span<Half>(Key(layer, start), src.Length));
    }

    public void Dispose()
    {
        for (int l = 0; l < _keys.Length; l++) { NativeMemory.Free(_keys[l]); _keys[l] = null; }
    }
}
