using LongDoc.Runtime.Weights;

namespace LongDoc.Runtime.Backends.Cuda;

/// <summary>
/// Weights uploaded once, as stored (f32, f16, bf16 bits; quantized blocks kept quantized), found by host address:
/// a <see cref="WeightMatrix"/> built later over the same bytes, or over a part of them (one expert of a 3-D expert
/// tensor prepared whole, see <see cref="ExpertStack"/>), gets the matching device address inside the copy.
/// A matrix that was never prepared (one built over the KV cache, say) has no device copy and the op runs on the CPU.
/// </summary>
public sealed unsafe class DeviceWeights(CudaDevice device) : IDisposable
{
    readonly HostRanges<DeviceBuffer<byte>> _uploaded = new();

    public long Bytes { get; private set; }
    public int Count => _uploaded.Count;

    public void Upload(in WeightMatrix w)
    {
        // Already there: tied embeddings (token_embd doubles as the output matrix), or a part of an uploaded tensor.
        if (_uploaded.TryFind((nint)w.Data, w.ByteCount, out _, out _)) return;
        var buffer = new DeviceBuffer<byte>(device, w.ByteCount);
        // Copied in 1 GiB pieces: a span holds at most 2^31-1 bytes, expert tensors can be larger.
        const long Piece = 1L << 30;
        for (long done = 0; done < w.ByteCount; done += Piece)
        {
            int n = (int)Math.Min(Piece, w.ByteCount - done);
            buffer.Upload(new ReadOnlySpan<byte>(w.Data + done, n), done);
        }
        foreach (var (_, bytes, inside) in _uploaded.Add((nint)w.Data, w.ByteCount, buffer))
        {
            inside.Dispose();   // parts uploaded before their whole tensor: the whole copy serves them now
            Bytes -= bytes;
        }
        Bytes += w.ByteCount;
    }

    public bool TryGet(in WeightMatrix w, out DevicePointer pointer)
    {
        bool found = _uploaded.TryFind((nint)w.Data, w.ByteCount, out var buffer, out long offset);
        pointer = found ? buffer!.Pointer.Offset(offset) : DevicePointer.Null;
        return found;
    }

    public void Dispose()
    {
        foreach (var b in _uploaded.Values) b.Dispose();
        _uploaded.Clear();
    }
}

/// <summary>
/// Disjoint host address ranges [start, start + bytes), each with a value, sorted by start: which range holds a given
/// span, by binary search. Host-only, so the lookup is testable without a device.
/// </summary>
public sealed class HostRanges<T>
{
    readonly List<(nint Start, long Bytes, T Value)> _ranges = [];

    public int Count => _ranges.Count;
    public IEnumerable<T> Values => _ranges.Select(r => r.Value);

    /// <summary>Adds [start, start + bytes); returns the ranges it contains, which it replaces. Throws on a partial overlap.</summary>
    public List<(nint Start, long Bytes, T Value)> Add(nint start, long bytes, T value)
    {
        int at = Last(start - 1) + 1;                        // first range starting at or after start
        int end = at;
        while (end < _ranges.Count && _ranges[end].Start + _ranges[end].Bytes <= start + bytes) end++;
        bool before = at > 0 && _ranges[at - 1].Start + _ranges[at - 1].Bytes > start;
        bool after = end < _ranges.Count && _ranges[end].Start < start + bytes;
        if (before || after) throw new ArgumentException($"host bytes 0x{start:x}+{bytes} partly overlap a range already held");
        var contained = _ranges.GetRange(at, end - at);
        _ranges.RemoveRange(at, end - at);
        _ranges.Insert(at, (start, bytes, value));
        return contained;
    }

    /// <summary>The range holding all of [start, start + bytes), and where start lies in it.</summary>
    public bool TryFind(nint start, long bytes, out T? value, out long offset)
    {
        int last = Last(start);
        bool found = last >= 0 && start + bytes <= _ranges[last].Start + _ranges[last].Bytes;
        value = found ? _ranges[last].Value : default;
        offset = found ? start - _ranges[last].Start : 0;
        return found;
    }

    public void Clear() => _ranges.Clear();

    /// <summary>Index of the last range starting at or before <paramref name="address"/>, or -1.</summary>
    int Last(nint address)
    {
        int lo = 0, hi = _ranges.Count - 1, last = -1;
        while (lo <= hi)
        {
            int mid = (lo + hi) >>> 1;
            if (_ranges[mid].Start <= address) { last = mid; lo = mid + 1; }
            else hi = mid - 1;
        }
        return last;
    }
}
