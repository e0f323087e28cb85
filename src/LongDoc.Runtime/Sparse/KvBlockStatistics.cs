using System.Runtime.InteropServices;

namespace LongDoc.Runtime.Sparse;

/// <summary>
/// Per layer, per KV head, per block of B positions: the per-channel min, max and sum of the cached keys (for MLA the
/// latent row [c | k_pe]), what block selection ranks blocks by. Legend: Hkv KV heads, N blocks = ceil(Capacity/B),
/// Dk key length. Layout per layer: (Hkv, N, 3, Dk) floats in native memory sized once: [min | max | sum].
/// Kept exact under rewinds: a write that starts inside a block first rebuilds that block from the cache.
/// </summary>
public sealed unsafe class KvBlockStatistics : IDisposable
{
    readonly float*[] _stats;

    public KvBlockStatistics(int layers, int capacity, int kvHeads, int keyLength, int block)
    {
        if (block < 1) throw new ArgumentOutOfRangeException(nameof(block), $"block size {block} must be at least 1");
        Layers = layers; KvHeads = kvHeads; KeyLength = keyLength; Block = block;
        Blocks = (capacity + block - 1) / block;
        _stats = new float*[layers];
        for (int l = 0; l < layers; l++)
            _stats[l] = (float*)NativeMemory.AllocZeroed(checked((nuint)((long)kvHeads * Blocks * 3 * keyLength * sizeof(float))));
    }

    public int Layers { get; }
    public int KvHeads { get; }
    public int KeyLength { get; }
    public int Block { get; }
    public int Blocks { get; }

    float* Entry(int layer, int head, int block) => _stats[layer] + ((long)head * Blocks + block) * 3 * KeyLength;
    /// <summary>Per-channel minimum of the block's keys (Dk).</summary>
    public float* Min(int layer, int head, int block) => Entry(layer, head, block);
    public float* Max(int layer, int head, int block) => Entry(layer, head, block) + KeyLength;
    /// <summary>Per-channel sum of the block's keys (Dk); the mean key is Sum / filled positions.</summary>
    public float* Sum(int layer, int head, int block) => Entry(layer, head, block) + 2 * KeyLength;

    internal void Reset(int layer, int head, int block)
    {
        var e = new Span<float>(Entry(layer, head, block), 3 * KeyLength);
        e[..KeyLength].Fill(float.PositiveInfinity);
        e.Slice(KeyLength, KeyLength).Fill(float.NegativeInfinity);
        e[(2 * KeyLength)..].Clear();
    }

    internal void Add(int layer, int head, int block, ReadOnlySpan<float> key)
    {
        float* min = Min(layer, head, block), max = Max(layer, head, block), sum = Sum(layer, head, block);
        for (int i = 0; i < KeyLength; i++)
        {
            float k = key[i];
            if (k < min[i]) min[i] = k;
            if (k > max[i]) max[i] = k;
            sum[i] += k;
        }
    }

    public void Dispose()
    {
        for (int l = 0; l < Layers; l++) { NativeMemory.Free(_stats[l]); _stats[l] = null; }
    }
}
