namespace LongDoc.Runtime.Weights;

/// <summary>
/// A GGUF v2/v3 file, memory-mapped and validated on open (see <see cref="GgufHeaderParser"/>). Metadata values
/// are plain .NET objects (<see cref="GgufValueType"/>); tensor data stays in the mapping and is reached through
/// <see cref="TensorData"/>. Typed getters raise <see cref="WeightFormatException"/> naming the file and the key.
/// </summary>
public sealed unsafe class GgufFile : IDisposable
{
    readonly MappedFile _map;
    readonly Dictionary<string, GgufTensorInfo> _byName;

    public string Path { get; }
    public uint Version { get; }
    public long FileBytes => _map.Length;
    public int Alignment { get; }
    public IReadOnlyDictionary<string, object> Metadata { get; }
    public IReadOnlyList<GgufTensorInfo> Tensors { get; }

    GgufFile(string path, MappedFile map, GgufHeader header)
    {
        Path = path; _map = map;
        Version = header.Version; Alignment = header.Alignment;
        Metadata = header.Metadata; Tensors = header.Tensors;
        _byName = header.Tensors.ToDictionary(t => t.Name, StringComparer.Ordinal);
    }

    public static GgufFile Open(string path)
    {
        var map = new MappedFile(path);
        try
        {
            return new GgufFile(path, map, GgufHeaderParser.Parse(map.Base, map.Length, path));
        }
        catch
        {
            map.Dispose();
            throw;
        }
    }

    /// <summary>Start of the tensor's bytes in the mapping; valid while this file is open.</summary>
    public byte* TensorData(GgufTensorInfo tensor) => _map.Base + tensor.Offset;

    public bool TryGetTensor(string name, out GgufTensorInfo tensor) => _byName.TryGetValue(name, out tensor!);

    public GgufTensorInfo Tensor(string name) =>
        _byName.TryGetValue(name, out var t) ? t : throw new WeightFormatException(Path, name, "tensor not found");

    public bool ContainsKey(string key) => Metadata.ContainsKey(key);

    public object Get(string key) =>
        Metadata.TryGetValue(key, out var v) ? v : throw new WeightFormatException(Path, key, "key not found");

    public string GetString(string key) => As<string>(key, Get(key));
    public bool GetBool(string key) => As<bool>(key, Get(key));
    public uint GetUInt32(string key) => (uint)Integer(key, Get(key), uint.MinValue, uint.MaxValue);
    public int GetInt32(string key) => (int)Integer(key, Get(key), int.MinValue, int.MaxValue);
    public ulong GetUInt64(string key) => Get(key) is ulong u ? u : (ulong)Integer(key, Get(key), 0, long.MaxValue);
    public float GetFloat32(string key) => Float(key, Get(key));
    /// <summary>An array value of element type <typeparamref name="T"/> (string, float, int, uint, ...).</summary>
    public T[] GetArray<T>(string key) => As<T[]>(key, Get(key));

    public string? TryGetString(string key) => Metadata.TryGetValue(key, out var v) ? As<string>(key, v) : null;
    public bool? TryGetBool(string key) => Metadata.TryGetValue(key, out var v) ? As<bool>(key, v) : null;
    public uint? TryGetUInt32(string key) => Metadata.TryGetValue(key, out var v) ? (uint)Integer(key, v, uint.MinValue, uint.MaxValue) : null;
    public int? TryGetInt32(string key) => Metadata.TryGetValue(key, out var v) ? (int)Integer(key, v, int.MinValue, int.MaxValue) : null;
    public float? TryGetFloat32(string key) => Metadata.TryGetValue(key, out var v) ? Float(key, v) : null;
    public T[]? TryGetArray<T>(string key) => Metadata.TryGetValue(key, out var v) ? As<T[]>(key, v) : null;

    T As<T>(string key, object value) => value is T t ? t
        : throw new WeightFormatException(Path, key, $"has type {GgufKnownKeys.Describe(value.GetType())}, expected {GgufKnownKeys.Describe(typeof(T))}");

    // Converters write counts as uint32 but some tools use int32 or uint64; accept any integer that fits.
    long Integer(string key, object value, long min, long max)
    {
        long? v = value switch
        {
            byte x => x, sbyte x => x, ushort x => x, short x => x, uint x => x, int x => x, long x => x,
            ulong x when x <= long.MaxValue => (long)x,
            _ => null,
        };
        if (v is null) throw new WeightFormatException(Path, key, $"has type {GgufKnownKeys.Describe(value.GetType())}, expected an integer");
        if (v < min || v > max) throw new WeightFormatException(Path, key, $"value {v} is out of range [{min}, {max}]");
        return v.Value;
    }

    float Float(string key, object value) => value switch
    {
        float f => f,
        double d => (float)d,
        _ => throw new WeightFormatException(Path, key, $"has type {GgufKnownKeys.Describe(value.GetType())}, expected FLOAT32"),
    };

    public void Dispose() => _map.Dispose();
}
