using System.IO.MemoryMappedFiles;

namespace LongDoc.Runtime.Weights;

/// <summary>
/// A whole file mapped read-only as one view, exposed as a base pointer. Weight tensors point into it, so it
/// lives as long as the weights that came from it. Empty files cannot be mapped; they get a null base.
/// </summary>
internal sealed unsafe class MappedFile : IDisposable
{
    readonly MemoryMappedFile? _map;
    readonly MemoryMappedViewAccessor? _view;
    bool _disposed;

    public string Path { get; }
    public long Length { get; }
    public byte* Base { get; }

    public MappedFile(string path)
    {
        Path = path;
        if (!System.IO.File.Exists(path)) throw new FileNotFoundException($"{path}: file not found", path);
        // From the opened file, not FileInfo: FileInfo.Length of a symbolic link is the link's own size, and the
        // Hugging Face cache's snapshot files are links into its blobs/ folder.
        using (var handle = System.IO.File.OpenHandle(path)) Length = RandomAccess.GetLength(handle);
        if (Length == 0) return;
        _map = MemoryMappedFile.CreateFromFile(path, FileMode.Open, null, 0, MemoryMappedFileAccess.Read);
        _view = _map.CreateViewAccessor(0, 0, MemoryMappedFileAccess.Read);
        byte* p = null;
        _view.SafeMemoryMappedViewHandle.AcquirePointer(ref p);
        Base = p + _view.PointerOffset;
    }

    public ReadOnlySpan<byte> Span(long offset, int length) => new(Base + offset, length);

    public void Dispose()
    {
        if (_disposed) return;
        _disposed = true;
        if (_view is not null)
        {
            _view.SafeMemoryMappedViewHandle.ReleasePointer();
            _view.Dispose();
        }
        _map?.Dispose();
    }
}
