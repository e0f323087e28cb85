namespace LongDoc.Runtime.Backends.Cuda;

/// <summary>
/// Block-sparse attention (<see cref="ISparseAttention"/>) on the device: selection and attention with the CPU op's
/// semantics (DeviceAttention.Sparse.cs), host spans in and out like the other device ops. Calls the kernels do not
/// cover (an F32 cache, head widths without an entry point such as the MLA latent prefill, prefill blocks that are not
/// a multiple of 64, --explain-attention with the dense mass) run the CPU op; <see cref="CudaRouting.SparseOnCpu"/>
/// names each reason.
/// </summary>
public sealed partial class CudaBackend : ISparseAttention
{
    public void SparseAttention(in SparseAttentionCall call, ReadOnlySpan<float> q, Span<float> o)
    {
        var path = CudaRouting.SparseAttention(SparseRoute.Of(call));
        if (path == CudaPath.Cpu)
        {
            _cpu.SparseAttention(call, q, o);
            return;
        }
        Device.MakeCurrent();
        _attention.RunSparse(Stream, path, call, q, o);
    }
}
