using LongDoc.Runtime.Layers;
using LongDoc.Runtime.Weights;

namespace LongDoc.Runtime.Models;

/// <summary>
/// llama (DeepSeek-LLM, R1-Distill-Llama; with experts: Mixtral), as llama.cpp's src/models/llama.cpp:
/// qwen3 / qwen3moe, except as marked.
/// </summary>
public static class Llama
{
    /// <summary>
    /// With expert_count > 0 the GGUF is Mixtral: experts use feed_forward_length, router weights renormalized. Mixtral's
    /// block_sparse_moe rows: w1 = gate, w3 = up, w2 = down, as llama.cpp's converter maps them. The q/k rows stay as
    /// Hugging Face stores them (rotate-half order): the folder's RoPE is NEOX instead of the GGUF's permuted rows with
    /// NORM, which is the same rotation.
    /// </summary>
    public static readonly ArchitectureDescriptor Descriptor = new("llama",
        new GgufLayout(RopeStyle.Norm, Moe: false, DenseFfn: true, ExpertWeightsNorm: true),
        [
            new HfClass("LlamaForCausalLM", RopeStyle.Neox, Llama3RopeScaling: true),
            new HfClass("MixtralForCausalLM", RopeStyle.Neox, HfMoeKeys.Mixtral, Llama3RopeScaling: true),
        ],
        [
            .. HfTensorRows.Common, .. HfTensorRows.QkvBias,
            ("model.layers.{i}.block_sparse_moe.gate.weight", "blk.{i}.ffn_gate_inp.weight"),
            ("model.layers.{i}.block_sparse_moe.experts.{e}.w1.weight", "blk.{i}.ffn_gate_exps.weight"),
            ("model.layers.{i}.block_sparse_moe.experts.{e}.w3.weight", "blk.{i}.ffn_up_exps.weight"),
            ("model.layers.{i}.block_sparse_moe.experts.{e}.w2.weight", "blk.{i}.ffn_down_exps.weight"),
        ], Block);

    public static TransformerBlock Block(ModelConfig c, IModelWeights w, int i) =>
        new(Qwen3Moe.Norm(c, w, $"blk.{i}.attn_norm.weight"), Attention(c, w, i), Qwen3Moe.Norm(c, w, $"blk.{i}.ffn_norm.weight"),
            // differs from qwen3moe: the FFN is dense unless the file has experts (Mixtral)
            c.IsMoe ? Qwen3Moe.MoeFfn(c, w, i)
                : new Mlp(w.Matrix($"blk.{i}.ffn_gate.weight"), w.Matrix($"blk.{i}.ffn_up.weight"), w.Matrix($"blk.{i}.ffn_down.weight")));

    // differs from qwen3: no per-head q/k norms, q/k/v biases when the file has them (attention_bias), and the RoPE
    // style of the config: NORM (adjacent pairs) for GGUF, whose converter permutes the q/k rows of Hugging Face
    // checkpoints; NEOX (rotate-half) for a Hugging Face folder, whose rows are un-permuted. Both are the same model.
    public static Attention Attention(ModelConfig c, IModelWeights w, int i)
    {
        var wq = w.Matrix($"blk.{i}.attn_q.weight");
        var wk = w.Matrix($"blk.{i}.attn_k.weight");
        var wv = w.Matrix($"blk.{i}.attn_v.weight");
        var bias = QkvBias.From(w, i);
        bias?.CheckRows(w.Source, i, wq.Rows, wk.Rows, wv.Rows);
        return new(i, wq, wk, wv, w.Matrix($"blk.{i}.attn_output.weight"),
            null, null, new Rope(c.RopeStyle, c.RopeFreqBase, c.KeyLength, FreqFactors(c, w)), c.HeadCount, c.HeadCountKv, bias);
    }

    /// <summary>Llama 3.1/3.3's RoPE frequency factors (rope_freqs.weight, Dh/2), which the GGUF converter writes for
    /// rope_scaling "llama3" (R1-Distill-Llama 8B and 70B), or the config's for a Hugging Face folder; null when neither.</summary>
    static float[]? FreqFactors(ModelConfig c, IModelWeights w)
    {
        const string Name = "rope_freqs.weight";
        var f = w.Contains(Name) ? w.Vector(Name) : c.RopeFreqFactors;
        if (f is null) return null;
        if (f.Length != c.KeyLength / 2) throw new WeightFormatException(w.Source, Name, $"{f.Length} factors, expected head dim / 2 = {c.KeyLength / 2}");
        return f;
    }
}
