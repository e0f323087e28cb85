using System.Text.Json;

namespace LongDoc.Runtime.Weights;

/// <summary>
/// Writes one safetensors file: u64 header length, a JSON header (padded with spaces to 8 bytes, as the reference
/// writer does), then the tensors' bytes back to back in the order added. Shapes are PyTorch order ([out, in]).
/// </summary>
public sealed class SafetensorsWriter
{
    readonly List<(string Name, GgmlType Type, long[] Shape, byte[] Data)> _tensors = [];
    readonly Dictionary<string, string> _metadata = new(StringComparer.Ordinal);

    public SafetensorsWriter AddMetadata(string key, string value)
    {
        _metadata.Add(key, value);
        return this;
    }

    /// <summary>Adds a tensor of type F32, F16 or BF16 with raw little-endian <paramref name="data"/>.</summary>
    public SafetensorsWriter AddTensor(string name, GgmlType type, long[] shape, byte[] data)
    {
        if (!SafetensorsDtype.Names.TryGetValue(type, out _)) throw new ArgumentException($"{name}: safetensors holds F32, F16 or BF16, not {type}");
        long expect = shape.Aggregate((long)GgmlTypeInfo.BlockBytes(type), (a, b) => a * b);
        if (data.Length != expect) throw new ArgumentException($"{name}: {data.Length} bytes, expected {expect}");
        if (_tensors.Any(t => t.Name == name)) throw new ArgumentException($"duplicate tensor {name}");
        _tensors.Add((name, type, shape, data));
        return this;
    }

    public void Write(string path)
    {
        using var stream = File.Create(path);
        Write(stream);
    }

    public void Write(Stream stream)
    {
        var header = new MemoryStream();
        using (var json = new Utf8JsonWriter(header))
        {
            json.WriteStartObject();
            if (_metadata.Count > 0)
            {
                json.WriteStartObject(SafetensorsHeaderParser.MetadataKey);
                foreach (var (k, v) in _metadata) json.WriteString(k, v);
                json.WriteEndObject();
            }
            long offset = 0;
            foreach (var t in _tensors)
            {
                json.WriteStartObject(t.Name);
                json.WriteString("dtype", SafetensorsDtype.Names[t.Type]);
                json.WriteStartArray("shape");
                foreach (var d in t.Shape) json.WriteNumberValue(d);
                json.WriteEndArray();
                json.WriteStartArray("data_offsets");
                json.WriteNumberValue(offset);
                json.WriteNumberValue(offset + t.Data.Length);
                json.WriteEndArray();
                json.WriteEndObject();
                offset += t.Data.Length;
            }
            json.WriteEndObject();
        }
        while (header.Length % 8 != 0) header.WriteByte((byte)' ');
        stream.Write(BitConverter.GetBytes((ulong)header.Length));
        header.Position = 0;
        header.CopyTo(stream);
        foreach (var t in _tensors) stream.Write(t.Data);
    }

    /// <summary>Writes model.safetensors.index.json for shards written separately: tensor name -> shard file name.</summary>
    public static void WriteIndex(string path, IReadOnlyDictionary<string, string> weightMap, long totalSize)
    {
        using var stream = File.Create(path);
        using var json = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = true });
        json.WriteStartObject();
        json.WriteStartObject("metadata");
        json.WriteNumber("total_size", totalSize);
        json.WriteEndObject();
        json.WriteStartObject("weight_map");
        foreach (var (name, shard) in weightMap.OrderBy(kv => kv.Key, StringComparer.Ordinal)) json.WriteString(name, shard);
        json.WriteEndObject();
        json.WriteEndObject();
    }
}
