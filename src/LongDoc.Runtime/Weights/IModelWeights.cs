namespace LongDoc.Runtime.Weights;

/// <summary>
/// The tensors of one model under internal (GGUF) names, whatever the file format: "token_embd.weight",
/// "blk.{i}.attn_q.weight", "blk.{i}.ffn_gate_exps.weight", ... A Hugging Face folder maps its names through a table
/// and its per-expert tensors appear as slices of the stacked GGUF-style expert tensor.
/// </summary>
public interface IModelWeights : IDisposable
{
    /// <summary>File or folder the weights came from (for error messages).</summary>
    string Source { get; }
    bool Contains(string name);
    /// <summary>A 2-D tensor (ggml ne = {Cols, Rows}).</summary>
    WeightMatrix Matrix(string name);
    /// <summary>Expert <paramref name="expert"/> of a stacked 3-D expert tensor (ggml ne = {Cols, Rows, E}).</summary>
    WeightMatrix Expert(string name, int expert);
    /// <summary>A 1-D tensor (norm weights, biases) converted to f32.</summary>
    float[] Vector(string name);
    /// <summary>The types of all tensors, for reports (`model info`).</summary>
    IReadOnlyDictionary<string, GgmlType> TensorTypes { get; }
    /// <summary>Values in tensor <paramref name="name"/>; for a stacked expert tensor, over all experts.</summary>
    long ElementCount(string name);
}
