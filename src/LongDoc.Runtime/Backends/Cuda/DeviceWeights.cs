using LongDoc.Runtime.Weights;

namespace LongDoc.Runtime.Backends.Cuda;

/// <summary>
/// Weights uploaded once, as stored (f32, f16, bf16 bits; quantized blocks kept quantized), keyed by the host
/// address and size of the matrix so a <see cref="WeightMatrix"/> built later over the same bytes finds its copy.
/// A matrix that was never prepared (one built over the KV cache, say) has no device copy and the op runs on the CPU.
/// </summary>
public sealed unsafe class DeviceWeights(CudaDevice device) : IDisposable
{
    readonly Dictionary<(nint, long), DeviceBuffer<byte>> _uploaded = [];

    public long Bytes { get; private set; }
    public int Count => _uploaded.Count;

    public void Upload(in WeightMatrix w)
    {
        var key = ((nint)w.Data, w.ByteCount);
        if (_uploaded.ContainsKey(key)) return;   // tied embeddings: token_embd doubles as the output matrix
        var buffer = new DeviceBuffer<byte>(device, w.ByteCount);
        // Copied in 1 GiB pieces: a span holds at most 2^31-1 bytes, expert tensors can be larger.
        const long Piece = 1L << 30;
        for (long done = 0; done < w.ByteCount; done += Piece)
        {
            int n = (int)Math.Min(Piece, w.ByteCount - done);
            buffer.Upload(new ReadOnlySpan<byte>(w.Data + done, n), done);
        }
        _uploaded[key] = buffer;
        Bytes += w.ByteCount;
    }

    public bool TryGet(in WeightMatrix w, out DevicePointer pointer)
    {
        bool found = _uploaded.TryGetValue(((nint)w.Data, w.ByteCount), out var buffer);
        pointer = found ? buffer!.Pointer : DevicePointer.Null;
        return found;
    }

    public void Dispose()
    {
        foreach (var b in _uploaded.Values) b.Dispose();
        _uploaded.Clear();
    }
}
