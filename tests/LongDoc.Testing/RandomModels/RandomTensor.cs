using LongDoc.Runtime.Weights;

namespace LongDoc.Testing.RandomModels;

/// <summary>
/// One checkpoint tensor of a random model, in Hugging Face terms: name, PyTorch shape ([out, in]) and values
/// already rounded to what the files store, so GGUF and safetensors hold exactly these numbers.
/// <see cref="InternalName"/> is the GGUF name; per-expert tensors share it and carry <see cref="Expert"/> &gt;= 0.
/// <see cref="GgufType"/> is how the GGUF file stores it (vectors and the router stay F32, as llama.cpp's converter keeps them).
/// </summary>
public sealed record RandomTensor(string HfName, string InternalName, int Expert, long[] Shape, float[] Values, GgmlType GgufType);
