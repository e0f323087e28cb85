using LongDoc.Runtime.Models;

namespace LongDoc.Runtime.Backends.Cuda;

/// <summary>
/// A device copy of an F16 <see cref="IndexKeyCache"/> (per layer (cap, Di) u16, the host's layout). The host keeps the
/// truth (the indexer stores keys on the host, and a restored document cache rewrites them behind the backend's back),
/// so a layer is allocated at its first selection and brought up to the positions a selection reads: the positions
/// stored since, or everything again when the last mirrored key changed on the host.
/// </summary>
public sealed unsafe class DeviceIndexKeys(CudaDevice device, IndexKeyCache host) : IDisposable
{
    readonly DeviceBuffer<ushort>?[] _keys = new DeviceBuffer<ushort>?[host.Layers];
    readonly int[] _synced = new int[host.Layers];
    readonly ushort[][] _last = new ushort[host.Layers][];

    public IndexKeyCache Host => host;

    /// <summary>The keys of a layer on the device, positions 0..end-1 equal to the host's.</summary>
    public DevicePointer Layer(int layer, int end)
    {
        int di = host.KeyLength;
        var keys = _keys[layer] ??= new DeviceBuffer<ushort>(device, (long)host.Capacity * di);
        int from = _synced[layer] > 0 && Matches(layer, _synced[layer] - 1) ? _synced[layer] : 0;
        if (from < end)
        {
            keys.Upload(new ReadOnlySpan<ushort>(host.Key(layer, from), (end - from) * di), (long)from * di);
            _synced[layer] = end;
            _last[layer] = new ReadOnlySpan<ushort>(host.Key(layer, end - 1), di).ToArray();
        }
        return keys.Pointer;
    }

    bool Matches(int layer, int pos) => _last[layer] is { } saved && new ReadOnlySpan<ushort>(host.Key(layer, pos), host.KeyLength).SequenceEqual(saved);

    public void Dispose()
    {
        foreach (var b in _keys) b?.Dispose();
    }
}
