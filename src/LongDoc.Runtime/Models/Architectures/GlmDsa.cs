using System.Text.Json;
using LongDoc.Runtime.Weights;

namespace LongDoc.Runtime.Models;

/// <summary>
/// glm-dsa (GLM-5, 5.1, 5.2), as llama.cpp's src/models/glm-dsa.cpp: deepseek32, except that the indexer tensors are
/// optional on layers whose attention.indexer.types entry is 0 ("shared": they reuse the previous full layer's top-k)
/// and the expert gating defaults to sigmoid; GLM-5's config.json is a transformers 5 one (rope_theta inside
/// rope_parameters, read by <see cref="MlaConfigReader"/>), and the indexer's RoPE is NORM (llama.cpp's glm-dsa.cpp).
/// </summary>
public static class GlmDsa
{
    public static readonly ArchitectureDescriptor Descriptor = new("glm-dsa",
        new GgufLayout(RopeStyle.Norm, Moe: true, DenseFfn: false, ExpertWeightsNorm: false,
            (gguf, c) => DsaIndexerReader.FromGguf(gguf, MlaConfigReader.FromGguf(gguf, c, ExpertGating.Sigmoid))),
        [new HfClass("GlmMoeDsaForCausalLM", RopeStyle.Norm, Reader: ReadHf)],
        [.. HfTensorRows.DeepSeek2, .. HfTensorRows.Indexer], Block);

    static ModelConfig ReadHf(JsonElement root, string path)
    {
        // llama.cpp's converter rotates only qk_rope_head_dim * partial_rotary_factor of the rope part; every GLM-5
        // release rotates all of it, which is all the MLA here does
        foreach (var o in new[] { root, root.TryGetProperty("rope_parameters", out var p) && p.ValueKind == JsonValueKind.Object ? p : root })
            if (o.TryGetProperty("partial_rotary_factor", out var f) && f.ValueKind == JsonValueKind.Number && f.GetDouble() != 1.0)
                throw new WeightFormatException(path, "partial_rotary_factor", $"{f} is not supported (only 1: the whole rope part rotated)");
        return DsaIndexerReader.FromHf(root, path, MlaConfigReader.FromHf(root, path, "glm-dsa", ExpertGating.Sigmoid));
    }

    public static TransformerBlock Block(ModelConfig c, IModelWeights w, int i) => DeepSeek32.DsaBlock(c, w, i, neoxIndexerRope: false);
}
