using LongDoc.Runtime.Backends.Cuda.Kernels;
using LongDoc.Runtime.Models;

namespace LongDoc.Runtime.Backends.Cuda;

/// <summary>
/// Dense causal attention on the device over a <see cref="DeviceKvCache"/>: the block-sparse kernels with every key
/// block selected (<see cref="CudaRouting.FillDense"/>), prefill (T, H, Dk) -> (T, H, Dv) through
/// attention_prefill.cu, one decode query (H, Dk) -> (H, Dv) through attention_decode.cu and its merge. Host spans in
/// and out, as <see cref="IBackend"/> hands them over. Block-sparse attention with the device's own selection is the
/// other part of this class (DeviceAttention.Sparse.cs).
/// </summary>
public sealed partial class DeviceAttention(CudaDevice device, CudaKernels kernels) : IDisposable
{
    readonly DeviceScratch<float> _q = new(device), _o = new(device), _partO = new(device), _partMl = new(device);
    readonly DeviceScratch<int> _sel = new(device), _nsel = new(device);
    int[] _hostSel = [], _hostNsel = [];
    DeviceKvCache? _mirror;
    int[] _hostCounts = [];

    CudaDevice Device => device;
    CudaKernels Kernels => kernels;

    /// <summary>The mirror of <paramref name="cache"/>, replacing the mirror of another cache (it re-copies when it comes back).</summary>
    public DeviceKvCache Mirror(KvCache cache)
    {
        if (_mirror?.Host != cache)
        {
            _mirror?.Dispose();
            _mirror = new DeviceKvCache(device, cache);
        }
        return _mirror;
    }

    /// <summary>After the host cache stored a layer's positions: keeps the mirror of that cache in step.</summary>
    public void Stored(KvCache cache, int layer, int start, int tokens)
    {
        if (_mirror?.Host == cache) _mirror.Stored(layer, start, tokens);
    }

    public void Run(CudaStream stream, CudaPath path, ReadOnlySpan<float> q, KvCache cache, int layer, int start, int tokens, int heads, Span<float> o)
    {
        int dk = cache.KeyLength, dv = cache.ValueLength, end = start + tokens;
        var (k, v) = Mirror(cache).Layer(layer, end);
        var dq = _q.Upload(q[..(tokens * heads * dk)]);
        var dout = _o.Get((long)tokens * heads * dv);
        float scale = 1f / MathF.Sqrt(dk);
        if (path == CudaPath.AttentionPrefill)
        {
            var s = CudaRouting.PrefillShape(tokens, heads, cache.KvHeads, dk, dv, start, cache.Capacity);
            var (sel, nsel) = Lists(s.QueryBlocks * cache.KvHeads, s.MaxSelected);
            AttentionPrefillLauncher.Run(kernels, stream, s, dq.Pointer, k, v, sel, nsel, dout.Pointer, scale);
        }
        else
        {
            var s = CudaRouting.DecodeShape(heads, cache.KvHeads, dk, dv, end, cache.Capacity, device.Multiprocessors);
            var (sel, nsel) = Lists(cache.KvHeads, s.MaxSelected);
            var partO = _partO.Get((long)heads * s.Splits * dv);
            var partMl = _partMl.Get((long)heads * s.Splits * 2);
            AttentionDecodeLauncher.RunAndMerge(kernels, stream, s, dq.Pointer, k, v, sel, nsel, partO.Pointer, partMl.Pointer, dout.Pointer, scale);
        }
        dout.Download(o[..(tokens * heads * dv)]);
    }

    /// <summary>Dense selection lists (lists, capacity) on the device.</summary>
    (DevicePointer Sel, DevicePointer Nsel) Lists(int lists, int capacity)
    {
        if (_hostSel.Length < lists * capacity) _hostSel = new int[lists * capacity];
        if (_hostNsel.Length < lists) _hostNsel = new int[lists];
        var sel = _hostSel.AsSpan(0, lists * capacity);
        var nsel = _hostNsel.AsSpan(0, lists);
        CudaRouting.FillDense(sel, nsel, lists, capacity);
        return (_sel.Upload(sel).Pointer, _nsel.Upload(nsel).Pointer);
    }

    public void Dispose()
    {
        _mirror?.Dispose();
        _q.Dispose(); _o.Dispose(); _partO.Dispose(); _partMl.Dispose(); _sel.Dispose(); _nsel.Dispose();
    }
}
