using System.Text;
using LongDoc.Runtime.Weights;

namespace LongDoc.Runtime.Tests.Weights;

/// <summary>Hand-made GGUF bytes, field by field, so tests can write exactly the corruption they check.</summary>
public sealed class GgufBytes
{
    readonly MemoryStream _stream = new();
    readonly BinaryWriter _w;

    public GgufBytes() => _w = new BinaryWriter(_stream, Encoding.UTF8, leaveOpen: true);

    /// <summary>Magic, version, tensor count and key count.</summary>
    public static GgufBytes Header(ulong tensors, ulong kvs, uint version = 3, string magic = "GGUF") =>
        new GgufBytes().Raw(Encoding.ASCII.GetBytes(magic)).U32(version).U64(tensors).U64(kvs);

    public GgufBytes U32(uint v) { _w.Write(v); return this; }
    public GgufBytes U64(ulong v) { _w.Write(v); return this; }
    public GgufBytes Raw(byte[] bytes) { _w.Write(bytes); return this; }

    public GgufBytes Str(string s)
    {
        var bytes = Encoding.UTF8.GetBytes(s);
        return U64((ulong)bytes.Length).Raw(bytes);
    }

    public GgufBytes KvString(string key, string value) => Str(key).U32((uint)GgufValueType.String).Str(value);
    public GgufBytes KvU32(string key, uint value) => Str(key).U32((uint)GgufValueType.UInt32).U32(value);

    public GgufBytes KvInts(string key, params int[] values)
    {
        Str(key).U32((uint)GgufValueType.Array).U32((uint)GgufValueType.Int32).U64((ulong)values.Length);
        foreach (var v in values) _w.Write(v);
        return this;
    }

    public GgufBytes Tensor(string name, GgmlType type, long[] dims, ulong offset)
    {
        Str(name).U32((uint)dims.Length);
        foreach (var d in dims) U64((ulong)d);
        return U32((uint)type).U64(offset);
    }

    /// <summary>Zero bytes up to the next multiple of <paramref name="alignment"/>, as before the data section.</summary>
    public GgufBytes Pad(int alignment = 32)
    {
        _w.Flush();
        while (_stream.Length % alignment != 0) _w.Write((byte)0);
        return this;
    }

    public GgufBytes Zeros(int n) => Raw(new byte[n]);

    public byte[] ToArray()
    {
        _w.Flush();
        return _stream.ToArray();
    }
}
