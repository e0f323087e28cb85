using LongDoc.Runtime.Backends.Cuda.Kernels;
using LongDoc.Runtime.Models;

namespace LongDoc.Runtime.Backends.Cuda;

/// <summary>
/// A device copy of an F16 <see cref="KvCache"/>, per layer K (Hkv, cap, Dk) and V (Hkv, cap, Dv) u16 in the host's
/// layout, so mirroring is a byte copy per head. The host cache stays the truth (the CPU path and the prompt cache
/// read it, and a saved prompt can be read into it behind the backend's back), so a layer is allocated at its first
/// attention and re-copied from the host whenever the device cannot be sure it matches: a store that does not continue
/// where the last one ended, or a last stored key that changed on the host (a prompt cache restored over it).
/// With host block statistics, a layer's device statistics (min, max, sum per block, each (Hkv, NB, Dk) f32) are
/// allocated at its first sparse attention and computed by block_stats.cu from the mirror, only the blocks from the
/// first position written since (a re-copy from the host invalidates them from where it starts).
/// </summary>
public sealed unsafe class DeviceKvCache(CudaDevice device, KvCache host) : IDisposable
{
    readonly DeviceBuffer<ushort>?[] _k = new DeviceBuffer<ushort>?[host.Layers];
    readonly DeviceBuffer<ushort>?[] _v = new DeviceBuffer<ushort>?[host.Layers];
    readonly int[] _synced = new int[host.Layers];
    readonly ushort[][] _lastKeys = new ushort[host.Layers][];
    readonly DeviceBuffer<float>?[] _min = new DeviceBuffer<float>?[host.Layers];
    readonly DeviceBuffer<float>?[] _max = new DeviceBuffer<float>?[host.Layers];
    readonly DeviceBuffer<float>?[] _sum = new DeviceBuffer<float>?[host.Layers];
    readonly int[] _statsEnd = new int[host.Layers];

    public KvCache Host => host;

    /// <summary>After the host stored positions start..start+T-1 of a layer: mirrors them when the layer is on the device.</summary>
    public void Stored(int layer, int start, int tokens)
    {
        if (_k[layer] == null) return;
        if (start != _synced[layer] || !LastKeysMatch(layer)) Copy(layer, 0, start);
        Copy(layer, start, tokens);
        Mark(layer, start + tokens);
    }

    /// <summary>K and V of a layer on the device, positions 0..end-1 equal to the host's.</summary>
    public (DevicePointer K, DevicePointer V) Layer(int layer, int end)
    {
        if (_k[layer] == null)
        {
            _k[layer] = new DeviceBuffer<ushort>(device, (long)host.KvHeads * host.Capacity * host.KeyLength);
            _v[layer] = new DeviceBuffer<ushort>(device, Math.Max(1, (long)host.KvHeads * host.Capacity * host.ValueLength));
            _synced[layer] = 0;
        }
        if (_synced[layer] < end || !LastKeysMatch(layer))
        {
            Copy(layer, 0, end);
            Mark(layer, end);
        }
        return (_k[layer]!.Pointer, _v[layer]!.Pointer);
    }

    /// <summary>
    /// Block statistics kmin, kmax, ksum (Hkv, NB, Dk) of a layer, exact for positions 0..end-1 (call after
    /// <see cref="Layer"/> with the same end). NB = the host statistics' block count; B = their block size.
    /// </summary>
    public (DevicePointer Min, DevicePointer Max, DevicePointer Sum) Statistics(CudaKernels kernels, CudaStream stream, int layer, int end)
    {
        var stats = host.BlockStatistics ?? throw new InvalidOperationException("sparse attention: the KV cache keeps no block statistics");
        if (_min[layer] == null)
        {
            long n = (long)host.KvHeads * stats.Blocks * host.KeyLength;
            _min[layer] = new DeviceBuffer<float>(device, n);
            _max[layer] = new DeviceBuffer<float>(device, n);
            _sum[layer] = new DeviceBuffer<float>(device, n);
            _statsEnd[layer] = 0;
        }
        if (_statsEnd[layer] < end)
        {
            BlockStatsLauncher.Run(kernels, stream, host.KvHeads, host.KeyLength, stats.Block, end, _statsEnd[layer] / stats.Block, stats.Blocks,
                host.Capacity, CudaRouting.CacheOnDevice[host.Type], _k[layer]!.Pointer, _min[layer]!.Pointer, _max[layer]!.Pointer, _sum[layer]!.Pointer);
            _statsEnd[layer] = end;
        }
        return (_min[layer]!.Pointer, _max[layer]!.Pointer, _sum[layer]!.Pointer);
    }

    void Copy(int layer, int from, int count)
    {
        if (count <= 0) return;
        _statsEnd[layer] = Math.Min(_statsEnd[layer], from);   // blocks from here on are stale
        for (int h = 0; h < host.KvHeads; h++)
        {
            _k[layer]!.Upload(new ReadOnlySpan<ushort>(host.Key(layer, h, from), count * host.KeyLength), ((long)h * host.Capacity + from) * host.KeyLength);
            if (host.ValueLength > 0)
                _v[layer]!.Upload(new ReadOnlySpan<ushort>(host.Value(layer, h, from), count * host.ValueLength), ((long)h * host.Capacity + from) * host.ValueLength);
        }
    }

    /// <summary>Positions 0..end-1 mirrored; the host's last key of every head remembered to notice a rewrite.</summary>
    void Mark(int layer, int end)
    {
        _synced[layer] = end;
        var keys = _lastKeys[layer] ??= new ushort[host.KvHeads * host.KeyLength];
        if (end > 0) LastKeys(layer, end - 1, keys);
    }

    bool LastKeysMatch(int layer)
    {
        int end = _synced[layer];
        if (end == 0 || _lastKeys[layer] is not { } saved) return true;
        Span<ushort> now = saved.Length <= 4096 ? stackalloc ushort[saved.Length] : new ushort[saved.Length];
        LastKeys(layer, end - 1, now);
        return now.SequenceEqual(saved);
    }

    void LastKeys(int layer, int pos, Span<ushort> keys)
    {
        for (int h = 0; h < host.KvHeads; h++)
            new ReadOnlySpan<ushort>(host.Key(layer, h, pos), host.KeyLength).CopyTo(keys.Slice(h * host.KeyLength, host.KeyLength));
    }

    public void Dispose()
    {
        foreach (var b in _k) b?.Dispose();
        foreach (var b in _v) b?.Dispose();
        foreach (var b in _min.Concat(_max).Concat(_sum)) b?.Dispose();
    }
}
