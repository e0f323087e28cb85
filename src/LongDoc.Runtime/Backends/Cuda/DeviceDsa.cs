using LongDoc.Runtime.Backends.Cuda.Kernels;
using LongDoc.Runtime.Models;

namespace LongDoc.Runtime.Backends.Cuda;

/// <summary>
/// DeepSeek Sparse Attention on the device, host spans in and out as <see cref="IBackend"/> hands them over: the
/// selection (dsa_index.cu scores of every visible position into (T, Start+T), dsa_topk.cu lists) over a
/// <see cref="DeviceIndexKeys"/> mirror, and MLA over the selected rows (dsa_mla.cu) of the latent cache's
/// <see cref="DeviceKvCache"/> mirror.
/// </summary>
public sealed class DeviceDsa(CudaDevice device, CudaKernels kernels) : IDisposable
{
    readonly DeviceScratch<float> _q = new(device), _w = new(device), _scores = new(device), _o = new(device);
    readonly DeviceScratch<int> _sel = new(device), _nsel = new(device);
    DeviceIndexKeys? _keys;

    public void Select(CudaStream stream, in DsaSelectCall call, ReadOnlySpan<float> q, ReadOnlySpan<float> w, Span<int> selected, Span<int> counts)
    {
        if (_keys?.Host != call.Keys)
        {
            _keys?.Dispose();
            _keys = new DeviceIndexKeys(device, call.Keys);
        }
        int t = call.Tokens, positions = call.Start + t, di = call.Keys.KeyLength;
        var k = _keys.Layer(call.Layer, positions);
        var dq = _q.Upload(q[..(t * call.Heads * di)]);
        var dw = _w.Upload(w[..(t * call.Heads)]);
        var scores = _scores.Get((long)t * positions);
        var shape = new DsaIndexShape(t, call.Heads, di, call.Start, positions, call.Keys.Capacity);
        DsaIndexLauncher.Run(kernels, stream, shape, dq.Pointer, dw.Pointer, k, scores.Pointer, call.Scale);
        var sel = _sel.Get((long)t * call.TopK);
        var nsel = _nsel.Get(t);
        DsaTopKLauncher.Run(kernels, stream, t, positions, call.Start, call.TopK, scores.Pointer, sel.Pointer, nsel.Pointer);
        sel.Download(selected[..(t * call.TopK)]);
        nsel.Download(counts[..t]);
    }

    public void Attend(CudaStream stream, DeviceKvCache mirror, in DsaAttentionCall call, ReadOnlySpan<float> q, ReadOnlySpan<int> selected,
        ReadOnlySpan<int> counts, Span<float> ctx)
    {
        var shape = new DsaMlaShape(call.Tokens, call.Heads, call.Latent, call.Cache.KeyLength - call.Latent, call.TopK);
        var (cache, _) = mirror.Layer(call.Layer, call.Positions);
        var dq = _q.Upload(q[..(shape.Tokens * shape.Heads * shape.Row)]);
        var sel = _sel.Upload(selected[..(shape.Tokens * shape.TopK)]);
        var nsel = _nsel.Upload(counts[..shape.Tokens]);
        var o = _o.Get((long)shape.Tokens * shape.Heads * shape.Latent);
        DsaMlaLauncher.Run(kernels, stream, shape, dq.Pointer, cache, sel.Pointer, nsel.Pointer, o.Pointer, call.Scale);
        o.Download(ctx[..(shape.Tokens * shape.Heads * shape.Latent)]);
    }

    public void Dispose()
    {
        _keys?.Dispose();
        _q.Dispose(); _w.Dispose(); _scores.Dispose(); _o.Dispose(); _sel.Dispose(); _nsel.Dispose();
    }
}
