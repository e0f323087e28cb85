using LongDoc.Runtime.Layers;
using LongDoc.Runtime.Weights;

namespace LongDoc.Runtime.Models;

/// <summary>
/// llama (DeepSeek-LLM, R1-Distill-Llama; with experts: Mixtral), as llama.cpp's src/models/llama.cpp:
/// qwen3 / qwen3moe, except as marked.
/// </summary>
public static class Llama
{
    public static TransformerBlock Block(ModelConfig c, IModelWeights w, int i) =>
        new(Qwen3Moe.Norm(c, w, $"blk.{i}.attn_norm.weight"), Attention(c, w, i), Qwen3Moe.Norm(c, w, $"blk.{i}.ffn_norm.weight"),
            // differs from qwen3moe: the FFN is dense unless the file has experts (Mixtral)
            c.IsMoe ? Qwen3Moe.MoeFfn(c, w, i)
                : new Mlp(w.Matrix($"blk.{i}.ffn_gate.weight"), w.Matrix($"blk.{i}.ffn_up.weight"), w.Matrix($"blk.{i}.ffn_down.weight")));

    // differs from qwen3: no per-head q/k norms, and RoPE NORM (adjacent pairs; the config says so): the GGUF
    // converter permutes the q/k rows of Hugging Face checkpoints so that NORM rotation is the model's own
    static Attention Attention(ModelConfig c, IModelWeights w, int i) => new(i,
        w.Matrix($"blk.{i}.attn_q.weight"), w.Matrix($"blk.{i}.attn_k.weight"),
        w.Matrix($"blk.{i}.attn_v.weight"), w.Matrix($"blk.{i}.attn_output.weight"),
        null, null, new Rope(c.RopeStyle, c.RopeFreqBase, c.KeyLength), c.HeadCount, c.HeadCountKv);
}
