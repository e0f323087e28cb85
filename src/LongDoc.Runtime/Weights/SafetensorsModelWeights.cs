using LongDoc.Runtime.Weights.Quantization;

namespace LongDoc.Runtime.Weights;

/// <summary>
/// <see cref="IModelWeights"/> over a Hugging Face folder: checkpoint names are mapped to internal names through
/// <see cref="HfNames"/>, per-expert tensors are gathered as the experts of the stacked internal tensor, and
/// matrices point into the mapped shards in their stored type (F32, F16, BF16). Owns the folder.
/// Checkpoint tensors with no row in the table (rotary caches, say) are not exposed.
/// </summary>
public sealed unsafe class SafetensorsModelWeights : IModelWeights
{
    sealed record Part(SafetensorsFile File, SafetensorsTensorInfo Info);

    readonly SafetensorsFolder _folder;
    readonly Dictionary<string, Part> _single = new(StringComparer.Ordinal);
    readonly Dictionary<string, Part[]> _experts = new(StringComparer.Ordinal);

    public string Source => _folder.Path;
    public IReadOnlyDictionary<string, GgmlType> TensorTypes { get; }

    public SafetensorsModelWeights(SafetensorsFolder folder, string architecture)
    {
        _folder = folder;
        var experts = new Dictionary<string, SortedDictionary<int, Part>>(StringComparer.Ordinal);
        foreach (var hfName in folder.TensorNames)
        {
            if (!HfNames.TryMap(architecture, hfName, out var name, out int expert)) continue;
            folder.TryGetTensor(hfName, out var file, out var info);
            var part = new Part(file, info);
            if (expert < 0) _single[name] = part;
            else if (!(experts.TryGetValue(name, out var set) ? set : experts[name] = new()).TryAdd(expert, part))
                throw new WeightFormatException(file.Path, hfName, "expert appears twice");
        }
        foreach (var (name, set) in experts)
        {
            var parts = set.Values.ToArray();
            if (set.Keys.Last() != parts.Length - 1)
                throw new WeightFormatException(Source, name, $"experts are not numbered 0..{parts.Length - 1} (highest is {set.Keys.Last()})");
            var first = parts[0].Info;
            foreach (var p in parts)
                if (p.Info.Type != first.Type || !p.Info.Shape.SequenceEqual(first.Shape))
                    throw new WeightFormatException(p.File.Path, p.Info.Name, $"expert has {p.Info.Dtype} [{string.Join(", ", p.Info.Shape)}], expert 0 has {first.Dtype} [{string.Join(", ", first.Shape)}]");
            _experts[name] = parts;
        }
        TensorTypes = _single.Select(kv => (kv.Key, kv.Value.Info.Type))
            .Concat(_experts.Select(kv => (kv.Key, kv.Value[0].Info.Type)))
            .ToDictionary(kv => kv.Key, kv => kv.Type, StringComparer.Ordinal);
    }

    public bool Contains(string name) => _single.ContainsKey(name) || _experts.ContainsKey(name);

    public WeightMatrix Matrix(string name) => ToMatrix(Single(name), name);

    public long ElementCount(string name) =>
        _experts.TryGetValue(name, out var parts) ? parts.Sum(p => Elements(p.Info)) : Elements(Single(name).Info);

    static long Elements(SafetensorsTensorInfo info) => info.Shape.Aggregate(1L, (a, b) => checked(a * b));

    public WeightMatrix Expert(string name, int expert)
    {
        if (!_experts.TryGetValue(name, out var parts)) throw new WeightFormatException(Source, name, "expert tensor not found");
        if ((uint)expert >= parts.Length) throw new ArgumentOutOfRangeException(nameof(expert), $"{Source}: {name}: expert {expert} of {parts.Length}");
        return ToMatrix(parts[expert], name);
    }

    public float[] Vector(string name)
    {
        var p = Single(name);
        if (p.Info.Shape.Length != 1) throw new WeightFormatException(p.File.Path, p.Info.Name, $"expected a 1-D tensor for {name}, found [{string.Join(", ", p.Info.Shape)}]");
        var result = new float[checked((int)p.Info.Shape[0])];
        RowDecoder.ToSingle(p.Info.Type, new ReadOnlySpan<byte>(p.File.TensorData(p.Info), checked((int)p.Info.ByteCount)), result);
        return result;
    }

    Part Single(string name) => _single.TryGetValue(name, out var p) ? p
        : throw new WeightFormatException(Source, name, _experts.ContainsKey(name) ? "is a per-expert tensor: use Expert()" : "tensor not found");

    static WeightMatrix ToMatrix(Part p, string name)
    {
        var s = p.Info.Shape; // [out, in] = (Rows, Cols)
        if (s.Length != 2) throw new WeightFormatException(p.File.Path, p.Info.Name, $"expected a 2-D tensor for {name}, found [{string.Join(", ", s)}]");
        if (s[0] > int.MaxValue || s[1] > int.MaxValue) throw new WeightFormatException(p.File.Path, p.Info.Name, "dimension exceeds int32");
        return new WeightMatrix(p.Info.Type, (int)s[0], (int)s[1], p.File.TensorData(p.Info));
    }

    public void Dispose() => _folder.Dispose();
}
