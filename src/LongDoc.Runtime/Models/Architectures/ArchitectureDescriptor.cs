using System.Text.Json;
using LongDoc.Runtime.Weights;

namespace LongDoc.Runtime.Models;

/// <summary>Builds the decoder block of layer <c>layer</c> from the weights.</summary>
public delegate TransformerBlock BlockBuilder(ModelConfig config, IModelWeights weights, int layer);

/// <summary>
/// Everything the runtime knows about one architecture, in one place (README "Architecture: adding one"): its GGUF name
/// (general.architecture and the key prefix), how its GGUF keys read, the transformers classes that map onto it with
/// their config.json keys, its checkpoint tensor names, and its block builder. <see cref="Architectures"/> is the table
/// of them that the readers, the weight mapping and the model look up.
/// </summary>
/// <param name="Name">llama.cpp's general.architecture, also the prefix of its GGUF keys ("deepseek2.block_count").</param>
/// <param name="Gguf">What the GGUF reader needs beyond the keys every architecture has.</param>
/// <param name="HfClasses">The config.json "architectures" entries read as this architecture.</param>
/// <param name="HfTensorNames">Checkpoint name -> internal (GGUF) name rows, as llama.cpp's converter maps them:
/// {i} is the layer, {e} the expert (per-expert tensors become slices of the stacked GGUF tensor).</param>
/// <param name="Block">The decoder block of layer i.</param>
public sealed record ArchitectureDescriptor(
    string Name, GgufLayout Gguf, IReadOnlyList<HfClass> HfClasses, IReadOnlyList<(string Hf, string Internal)> HfTensorNames,
    BlockBuilder Block);

/// <summary>
/// The GGUF side of an architecture. <c>Rope</c> is the RoPE style of the q/k rows as llama.cpp's converter writes them;
/// <c>Moe</c>: expert_count is required; <c>DenseFfn</c>: feed_forward_length is required; <c>ExpertWeightsNorm</c> is
/// the value when expert_weights_norm is absent; <c>Extra</c> reads the keys only this architecture has.
/// </summary>
public sealed record GgufLayout(RopeStyle Rope, bool Moe, bool DenseFfn, bool ExpertWeightsNorm,
    Func<GgufFile, ModelConfig, ModelConfig>? Extra = null);

/// <summary>
/// One transformers class read as the architecture. <c>Rope</c> is the style on the checkpoint's own q/k rows (Hugging
/// Face stores Llama and Mixtral un-permuted: rotate-half = NEOX, where their GGUF has permuted rows and NORM).
/// <c>Moe</c> null = dense. <c>Reader</c>, when set, reads the whole config.json (keys that differ from Qwen's):
/// (root, path) -> config. <c>Llama3RopeScaling</c>: rope_scaling "llama3" (Llama 3.1's per-pair frequency factors) is
/// read; any other rope_scaling is refused by the common reader.
/// </summary>
public sealed record HfClass(string Name, RopeStyle Rope, HfMoeKeys? Moe = null, Func<JsonElement, string, ModelConfig>? Reader = null,
    bool Llama3RopeScaling = false);

/// <summary>transformers' names for the MoE keys; <c>NormTopK</c> null = top-k weights always renormalized (Mixtral).</summary>
public sealed record HfMoeKeys(string Count, string Ffn, string? NormTopK)
{
    public static readonly HfMoeKeys Qwen = new("num_experts", "moe_intermediate_size", "norm_topk_prob");
    public static readonly HfMoeKeys Mixtral = new("num_local_experts", "intermediate_size", null);
}
