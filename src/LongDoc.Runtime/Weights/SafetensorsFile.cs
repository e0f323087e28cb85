namespace LongDoc.Runtime.Weights;

/// <summary>
/// One safetensors file, memory-mapped and validated on open (see <see cref="SafetensorsHeaderParser"/>).
/// Tensor data stays in the mapping and is reached through <see cref="TensorData"/>.
/// </summary>
public sealed unsafe class SafetensorsFile : IDisposable
{
    readonly MappedFile _map;
    readonly Dictionary<string, SafetensorsTensorInfo> _byName;

    public string Path { get; }
    public long FileBytes => _map.Length;
    public IReadOnlyList<SafetensorsTensorInfo> Tensors { get; }
    /// <summary>The optional "__metadata__" string map.</summary>
    public IReadOnlyDictionary<string, string> Metadata { get; }

    SafetensorsFile(string path, MappedFile map, List<SafetensorsTensorInfo> tensors, Dictionary<string, string> metadata)
    {
        Path = path; _map = map; Tensors = tensors; Metadata = metadata;
        _byName = tensors.ToDictionary(t => t.Name, StringComparer.Ordinal);
    }

    public static SafetensorsFile Open(string path)
    {
        var map = new MappedFile(path);
        try
        {
            var (tensors, metadata) = SafetensorsHeaderParser.Parse(map);
            return new SafetensorsFile(path, map, tensors, metadata);
        }
        catch
        {
            map.Dispose();
            throw;
        }
    }

    public bool TryGetTensor(string name, out SafetensorsTensorInfo tensor) => _byName.TryGetValue(name, out tensor!);

    /// <summary>Start of the tensor's bytes in the mapping (no alignment is promised); valid while this file is open.</summary>
    public byte* TensorData(SafetensorsTensorInfo tensor) => _map.Base + tensor.Offset;

    public void Dispose() => _map.Dispose();
}
