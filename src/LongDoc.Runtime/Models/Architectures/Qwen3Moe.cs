using LongDoc.Runtime.Layers;
using LongDoc.Runtime.Weights;

namespace LongDoc.Runtime.Models;

/// <summary>
/// qwen3moe (Qwen3-30B-A3B, Qwen3-235B-A22B), as llama.cpp's src/models/qwen3moe.cpp:
/// attn_norm -> q, k, v -> per-head RMSNorm on q and k (attn_q_norm, attn_k_norm, length Dk) -> RoPE NEOX
/// -> GQA attention -> attn_output -> residual; ffn_norm -> router softmax -> top-A -> renormalize
/// -> SwiGLU experts -> residual; output_norm -> output (token_embd when tied).
/// </summary>
public static class Qwen3Moe
{
    public static readonly ArchitectureDescriptor Descriptor = new("qwen3moe",
        new GgufLayout(RopeStyle.Neox, Moe: true, DenseFfn: false, ExpertWeightsNorm: true),
        [new HfClass("Qwen3MoeForCausalLM", RopeStyle.Neox, HfMoeKeys.Qwen)], HfTensorRows.Qwen3, Block);

    public static TransformerBlock Block(ModelConfig c, IModelWeights w, int i) =>
        new(Norm(c, w, $"blk.{i}.attn_norm.weight"), Attention(c, w, i), Norm(c, w, $"blk.{i}.ffn_norm.weight"), MoeFfn(c, w, i));

    /// <summary>The attention shared by qwen3 and qwen3moe: GQA with q/k head norms and NEOX RoPE.</summary>
    public static Attention Attention(ModelConfig c, IModelWeights w, int i) => new(i,
        w.Matrix($"blk.{i}.attn_q.weight"), w.Matrix($"blk.{i}.attn_k.weight"),
        w.Matrix($"blk.{i}.attn_v.weight"), w.Matrix($"blk.{i}.attn_output.weight"),
        Norm(c, w, $"blk.{i}.attn_q_norm.weight"), Norm(c, w, $"blk.{i}.attn_k_norm.weight"),
        new Rope(c.RopeStyle, c.RopeFreqBase, c.KeyLength), c.HeadCount, c.HeadCountKv);

    /// <summary>Routed SwiGLU experts: softmax router -> top-A (renormalized when the config says so).</summary>
    public static MoeFeedForward MoeFfn(ModelConfig c, IModelWeights w, int i)
    {
        var router = new MoeRouter(w.Matrix($"blk.{i}.ffn_gate_inp.weight"), c.ExpertUsedCount, c.ExpertWeightsNorm);
        WeightMatrix[] Stack(string name) => [.. Enumerable.Range(0, c.ExpertCount).Select(e => w.Expert($"blk.{i}.{name}.weight", e))];
        return new MoeFeedForward(router, new Experts(Stack("ffn_gate_exps"), Stack("ffn_up_exps"), Stack("ffn_down_exps")));
    }

    public static RmsNorm Norm(ModelConfig c, IModelWeights w, string name) => new(w.Vector(name), c.RmsNormEps);
}
