using LongDoc.Runtime.Weights;

namespace LongDoc.Testing.RandomModels;

/// <summary>
/// One checkpoint tensor of a random model, in Hugging Face terms: name, PyTorch shape ([out, in]) and values
/// already rounded to what the files store, so GGUF and safetensors hold exactly these numbers.
/// <see cref="InternalName"/> is the GGUF name; per-expert tensors share it and carry <see cref="Expert"/> &gt;= 0.
/// <see cref="GgufType"/> is how the GGUF file stores it (vectors and the router stay F32, as llama.cpp's converter keeps them).
/// <see cref="Encoded"/> holds the quantized bytes of a quantized tensor: k-quant searches are not idempotent, so
/// re-quantizing <see cref="Values"/> could give other blocks; the GGUF stores these ones, which decode to Values.
/// </summary>
public sealed record RandomTensor(string HfName, string InternalName, int Expert, long[] Shape, float[] Values, GgmlType GgufType)
{
    public byte[]? Encoded { get; init; }
}
