using LongDoc.Runtime.Models;

namespace LongDoc.Runtime.Backends.Cuda;

/// <summary>
/// A device copy of an F16 <see cref="KvCache"/>, per layer K (Hkv, cap, Dk) and V (Hkv, cap, Dv) u16 in the host's
/// layout, so mirroring is a byte copy per head. The host cache stays the truth (the CPU path and the prompt cache
/// read it, and a saved prompt can be read into it behind the backend's back), so a layer is allocated at its first
/// attention and re-copied from the host whenever the device cannot be sure it matches: a store that does not continue
/// where the last one ended, or a last stored key that changed on the host (a prompt cache restored over it).
/// </summary>
public sealed unsafe class DeviceKvCache(CudaDevice device, KvCache host) : IDisposable
{
    readonly DeviceBuffer<ushort>?[] _k = new DeviceBuffer<ushort>?[host.Layers];
    readonly DeviceBuffer<ushort>?[] _v = new DeviceBuffer<ushort>?[host.Layers];
    readonly int[] _synced = new int[host.Layers];
    readonly ushort[][] _lastKeys = new ushort[host.Layers][];

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

    void Copy(int layer, int from, int count)
    {
        if (count <= 0) return;
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
    }
}
