using LongDoc.Runtime.Layers;
using LongDoc.Runtime.Weights;

namespace LongDoc.Runtime.Models;

/// <summary>qwen3 (dense Qwen3): qwen3moe, except the FFN.</summary>
public static class Qwen3
{
    public static readonly ArchitectureDescriptor Descriptor = new("qwen3",
        new GgufLayout(RopeStyle.Neox, Moe: false, DenseFfn: true, ExpertWeightsNorm: true),
        [new HfClass("Qwen3ForCausalLM", RopeStyle.Neox)], HfTensorRows.Qwen3, Block);

    public static TransformerBlock Block(ModelConfig c, IModelWeights w, int i) =>
        new(Qwen3Moe.Norm(c, w, $"blk.{i}.attn_norm.weight"), Qwen3Moe.Attention(c, w, i),
            Qwen3Moe.Norm(c, w, $"blk.{i}.ffn_norm.weight"),
            // differs from qwen3moe: one dense SwiGLU FFN (ffn_gate, ffn_up, ffn_down) instead of routed experts
            new Mlp(w.Matrix($"blk.{i}.ffn_gate.weight"), w.Matrix($"blk.{i}.ffn_up.weight"), w.Matrix($"blk.{i}.ffn_down.weight")));
}
