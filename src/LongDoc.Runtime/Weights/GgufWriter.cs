using System.Text;

namespace LongDoc.Runtime.Weights;

/// <summary>
/// Writes GGUF v3: header, metadata, tensor infos, then the data section aligned to general.alignment (32),
/// each tensor padded to the alignment. Used to write random-weight test models and converted files.
/// Dims are ggml order (ne[0] innermost): a linear layer [out,in] is written with dims {in, out}.
/// </summary>
public sealed class GgufWriter
{
    public const int DefaultAlignment = 32;

    readonly List<KeyValuePair<string, object>> _metadata = [];
    readonly List<(string Name, GgmlType Type, long[] Dims, byte[] Data)> _tensors = [];

    public GgufWriter Add(string key, object value)
    {
        if (_metadata.Any(kv => kv.Key == key)) throw new ArgumentException($"duplicate key {key}");
        GgufValueTypes.Of(value.GetType()); // validates the type now rather than at Write
        _metadata.Add(new(key, value));
        return this;
    }

    public GgufWriter AddTensor(string name, GgmlType type, long[] dims, byte[] data)
    {
        if (dims.Length is < 1 or > 4) throw new ArgumentException($"{name}: 1 to 4 dims");
        long expect = GgmlTypeInfo.RowBytes(type, dims[0]) * dims.Skip(1).Aggregate(1L, (a, b) => a * b);
        if (data.Length != expect) throw new ArgumentException($"{name}: {data.Length} bytes, expected {expect} for {type} {string.Join('x', dims)}");
        if (_tensors.Any(t => t.Name == name)) throw new ArgumentException($"duplicate tensor {name}");
        _tensors.Add((name, type, dims, data));
        return this;
    }

    public void Write(string path)
    {
        using var stream = File.Create(path);
        Write(stream);
    }

    public void Write(Stream stream)
    {
        int alignment = _metadata.FirstOrDefault(kv => kv.Key == "general.alignment").Value is uint a ? (int)a : DefaultAlignment;
        using var w = new BinaryWriter(stream, Encoding.UTF8, leaveOpen: true);
        w.Write("GGUF"u8);
        w.Write(3u);
        w.Write((ulong)_tensors.Count);
        w.Write((ulong)_metadata.Count);
        foreach (var (key, value) in _metadata)
        {
            WriteString(w, key);
            var type = GgufValueTypes.Of(value.GetType());
            w.Write((uint)type);
            WriteValue(w, type, value);
        }
        long offset = 0;
        foreach (var t in _tensors)
        {
            WriteString(w, t.Name);
            w.Write((uint)t.Dims.Length);
            foreach (var d in t.Dims) w.Write((ulong)d);
            w.Write((uint)t.Type);
            w.Write((ulong)offset);
            offset = Align(offset + t.Data.Length, alignment);
        }
        Pad(w, alignment);
        foreach (var t in _tensors)
        {
            w.Write(t.Data);
            Pad(w, alignment);
        }
    }

    static long Align(long x, int alignment) => (x + alignment - 1) / alignment * alignment;

    static void Pad(BinaryWriter w, int alignment)
    {
        w.Flush();
        long pos = w.BaseStream.Position;
        long pad = Align(pos, alignment) - pos;
        for (long i = 0; i < pad; i++) w.Write((byte)0);
    }

    static void WriteString(BinaryWriter w, string s)
    {
        var bytes = Encoding.UTF8.GetBytes(s);
        w.Write((ulong)bytes.Length);
        w.Write(bytes);
    }

    static void WriteValue(BinaryWriter w, GgufValueType type, object value)
    {
        switch (value)
        {
            case byte v: w.Write(v); break;
            case sbyte v: w.Write(v); break;
            case ushort v: w.Write(v); break;
            case short v: w.Write(v); break;
            case uint v: w.Write(v); break;
            case int v: w.Write(v); break;
            case ulong v: w.Write(v); break;
            case long v: w.Write(v); break;
            case float v: w.Write(v); break;
            case double v: w.Write(v); break;
            case bool v: w.Write((byte)(v ? 1 : 0)); break;
            case string v: WriteString(w, v); break;
            case Array array:
                var elementType = GgufValueTypes.Of(array.GetType().GetElementType()!);
                w.Write((uint)elementType);
                w.Write((ulong)array.Length);
                foreach (var item in array) WriteValue(w, elementType, item!);
                break;
            default: throw new ArgumentException($"no GGUF encoding for {type}");
        }
    }
}
