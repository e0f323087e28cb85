using LongDoc.Runtime.Weights.Quantization;

namespace LongDoc.Runtime.Weights;

/// <summary>
/// <see cref="IModelWeights"/> over an open GGUF file: names are already internal, matrices point into the mapping.
/// Owns the file: disposing the weights unmaps it.
/// </summary>
public sealed unsafe class GgufModelWeights : IModelWeights
{
    readonly GgufFile _file;

    public GgufModelWeights(GgufFile file)
    {
        _file = file;
        TensorTypes = file.Tensors.ToDictionary(t => t.Name, t => t.Type, StringComparer.Ordinal);
    }

    public GgufFile File => _file;
    public string Source => _file.Path;
    public IReadOnlyDictionary<string, GgmlType> TensorTypes { get; }
    public bool Contains(string name) => _file.TryGetTensor(name, out _);
    public long ElementCount(string name) => _file.Tensor(name).ElementCount;

    public WeightMatrix Matrix(string name)
    {
        var t = _file.Tensor(name);
        if (t.Dims.Length != 2) throw Error(name, $"expected a 2-D tensor, found dims {Shape(t)}");
        return new WeightMatrix(t.Type, ToInt(name, t.Dims[1]), ToInt(name, t.Dims[0]), _file.TensorData(t));
    }

    public WeightMatrix Expert(string name, int expert)
    {
        var t = _file.Tensor(name);
        if (t.Dims.Length != 3) throw Error(name, $"expected a 3-D expert tensor, found dims {Shape(t)}");
        if ((uint)expert >= t.Dims[2]) throw new ArgumentOutOfRangeException(nameof(expert), $"{Source}: {name}: expert {expert} of {t.Dims[2]}");
        int rows = ToInt(name, t.Dims[1]), cols = ToInt(name, t.Dims[0]);
        long expertBytes = GgmlTypeInfo.RowBytes(t.Type, cols) * rows;
        return new WeightMatrix(t.Type, rows, cols, _file.TensorData(t) + expert * expertBytes);
    }

    public float[] Vector(string name)
    {
        var t = _file.Tensor(name);
        if (t.Dims.Length != 1) throw Error(name, $"expected a 1-D tensor, found dims {Shape(t)}");
        if (!RowDecoder.CanDecode(t.Type)) throw Error(name, $"vectors of type {t.Type} are not supported");
        var result = new float[ToInt(name, t.Dims[0])];
        RowDecoder.ToSingle(t.Type, new ReadOnlySpan<byte>(_file.TensorData(t), checked((int)t.ByteCount)), result);
        return result;
    }

    int ToInt(string name, long n) => n <= int.MaxValue ? (int)n : throw Error(name, $"dimension {n} exceeds int32");
    WeightFormatException Error(string name, string problem) => new(Source, name, problem);
    static string Shape(GgufTensorInfo t) => "{" + string.Join(", ", t.Dims) + "}";

    public void Dispose() => _file.Dispose();
}
