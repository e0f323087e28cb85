namespace LongDoc.Runtime.Backends.Cuda;

/// <summary>
/// DeepSeek Sparse Attention (<see cref="IDsaAttention"/>) on the device (<see cref="DeviceDsa"/>): the indexer's
/// scores and top-k, and MLA over the selected positions. A call a row of <see cref="CudaRouting.DsaSelectOnCpu"/> or
/// <see cref="CudaRouting.DsaAttentionOnCpu"/> applies to is declined, and the layer computes it on the host.
/// </summary>
public sealed partial class CudaBackend : IDsaAttention
{
    DeviceDsa? _dsa;

    public bool TrySelect(in DsaSelectCall call, ReadOnlySpan<float> q, ReadOnlySpan<float> w, Span<int> selected, Span<int> counts)
    {
        if (CudaRouting.DsaSelectCpuReason(DsaSelectRoute.Of(call)) != null) return false;
        Device.MakeCurrent();
        (_dsa ??= new DeviceDsa(Device, Kernels)).Select(Stream, call, q, w, selected, counts);
        return true;
    }

    public bool TryGatheredAttention(in DsaAttentionCall call, ReadOnlySpan<float> q, ReadOnlySpan<int> selected, ReadOnlySpan<int> counts, Span<float> ctx)
    {
        if (CudaRouting.DsaAttentionCpuReason(DsaAttentionRoute.Of(call)) != null) return false;
        Device.MakeCurrent();
        (_dsa ??= new DeviceDsa(Device, Kernels)).Attend(Stream, _attention.Mirror(call.Cache), call, q, selected, counts, ctx);
        return true;
    }
}
