namespace LongDoc.Runtime.Models;

/// <summary>
/// Rows of checkpoint -> internal tensor names that several architectures share; each
/// <see cref="ArchitectureDescriptor.HfTensorNames"/> is built from them. {i} is the layer, {e} the expert.
/// </summary>
public static class HfTensorRows
{
    /// <summary>The rows every llama-like checkpoint has: embeddings, norms, q/k/v/o, dense SwiGLU FFN.</summary>
    public static readonly (string Hf, string Internal)[] Common =
    [
        ("model.embed_tokens.weight", "token_embd.weight"),
        ("model.norm.weight", "output_norm.weight"),
        ("lm_head.weight", "output.weight"),
        ("model.layers.{i}.input_layernorm.weight", "blk.{i}.attn_norm.weight"),
        ("model.layers.{i}.self_attn.q_proj.weight", "blk.{i}.attn_q.weight"),
        ("model.layers.{i}.self_attn.k_proj.weight", "blk.{i}.attn_k.weight"),
        ("model.layers.{i}.self_attn.v_proj.weight", "blk.{i}.attn_v.weight"),
        ("model.layers.{i}.self_attn.o_proj.weight", "blk.{i}.attn_output.weight"),
        ("model.layers.{i}.post_attention_layernorm.weight", "blk.{i}.ffn_norm.weight"),
        ("model.layers.{i}.mlp.gate_proj.weight", "blk.{i}.ffn_gate.weight"),
        ("model.layers.{i}.mlp.up_proj.weight", "blk.{i}.ffn_up.weight"),
        ("model.layers.{i}.mlp.down_proj.weight", "blk.{i}.ffn_down.weight"),
    ];

    /// <summary>q/k/v projection biases (Qwen2 always; Llama with attention_bias).</summary>
    public static readonly (string Hf, string Internal)[] QkvBias =
    [
        ("model.layers.{i}.self_attn.q_proj.bias", "blk.{i}.attn_q.bias"),
        ("model.layers.{i}.self_attn.k_proj.bias", "blk.{i}.attn_k.bias"),
        ("model.layers.{i}.self_attn.v_proj.bias", "blk.{i}.attn_v.bias"),
    ];

    /// <summary>Qwen3 and Qwen3-MoE: per-head q/k norms; routed experts under mlp.</summary>
    public static readonly (string Hf, string Internal)[] Qwen3 =
    [
        .. Common,
        ("model.layers.{i}.self_attn.q_norm.weight", "blk.{i}.attn_q_norm.weight"),
        ("model.layers.{i}.self_attn.k_norm.weight", "blk.{i}.attn_k_norm.weight"),
        ("model.layers.{i}.mlp.gate.weight", "blk.{i}.ffn_gate_inp.weight"),
        ("model.layers.{i}.mlp.experts.{e}.gate_proj.weight", "blk.{i}.ffn_gate_exps.weight"),
        ("model.layers.{i}.mlp.experts.{e}.up_proj.weight", "blk.{i}.ffn_up_exps.weight"),
        ("model.layers.{i}.mlp.experts.{e}.down_proj.weight", "blk.{i}.ffn_down_exps.weight"),
    ];

    /// <summary>DeepSeek-V2/V3: MLA projections, router bias, shared experts. kv_b_proj keeps the legacy attn_kv_b layout.</summary>
    public static readonly (string Hf, string Internal)[] DeepSeek2 =
    [
        ("model.embed_tokens.weight", "token_embd.weight"),
        ("model.norm.weight", "output_norm.weight"),
        ("lm_head.weight", "output.weight"),
        ("model.layers.{i}.input_layernorm.weight", "blk.{i}.attn_norm.weight"),
        ("model.layers.{i}.self_attn.q_proj.weight", "blk.{i}.attn_q.weight"),
        ("model.layers.{i}.self_attn.q_a_proj.weight", "blk.{i}.attn_q_a.weight"),
        ("model.layers.{i}.self_attn.q_a_layernorm.weight", "blk.{i}.attn_q_a_norm.weight"),
        ("model.layers.{i}.self_attn.q_b_proj.weight", "blk.{i}.attn_q_b.weight"),
        ("model.layers.{i}.self_attn.kv_a_proj_with_mqa.weight", "blk.{i}.attn_kv_a_mqa.weight"),
        ("model.layers.{i}.self_attn.kv_a_layernorm.weight", "blk.{i}.attn_kv_a_norm.weight"),
        ("model.layers.{i}.self_attn.kv_b_proj.weight", "blk.{i}.attn_kv_b.weight"),
        ("model.layers.{i}.self_attn.o_proj.weight", "blk.{i}.attn_output.weight"),
        ("model.layers.{i}.post_attention_layernorm.weight", "blk.{i}.ffn_norm.weight"),
        ("model.layers.{i}.mlp.gate.weight", "blk.{i}.ffn_gate_inp.weight"),
        ("model.layers.{i}.mlp.gate.e_score_correction_bias", "blk.{i}.exp_probs_b.bias"),
        ("model.layers.{i}.mlp.experts.{e}.gate_proj.weight", "blk.{i}.ffn_gate_exps.weight"),
        ("model.layers.{i}.mlp.experts.{e}.up_proj.weight", "blk.{i}.ffn_up_exps.weight"),
        ("model.layers.{i}.mlp.experts.{e}.down_proj.weight", "blk.{i}.ffn_down_exps.weight"),
        ("model.layers.{i}.mlp.shared_experts.gate_proj.weight", "blk.{i}.ffn_gate_shexp.weight"),
        ("model.layers.{i}.mlp.shared_experts.up_proj.weight", "blk.{i}.ffn_up_shexp.weight"),
        ("model.layers.{i}.mlp.shared_experts.down_proj.weight", "blk.{i}.ffn_down_shexp.weight"),
        ("model.layers.{i}.mlp.gate_proj.weight", "blk.{i}.ffn_gate.weight"),
        ("model.layers.{i}.mlp.up_proj.weight", "blk.{i}.ffn_up.weight"),
        ("model.layers.{i}.mlp.down_proj.weight", "blk.{i}.ffn_down.weight"),
    ];

    /// <summary>
    /// DeepSeek Sparse Attention's lightning indexer (DeepSeek-V3.2, GLM-5), as llama.cpp's gguf-py tensor mapping names
    /// it: wq_b -> indexer.attn_q_b (H_i*D_i, q_lora), wk -> indexer.attn_k (D_i, D), k_norm weight and bias (D_i),
    /// weights_proj -> indexer.proj (H_i, D).
    /// </summary>
    public static readonly (string Hf, string Internal)[] Indexer =
    [
        ("model.layers.{i}.self_attn.indexer.wq_b.weight", "blk.{i}.indexer.attn_q_b.weight"),
        ("model.layers.{i}.self_attn.indexer.wk.weight", "blk.{i}.indexer.attn_k.weight"),
        ("model.layers.{i}.self_attn.indexer.k_norm.weight", "blk.{i}.indexer.k_norm.weight"),
        ("model.layers.{i}.self_attn.indexer.k_norm.bias", "blk.{i}.indexer.k_norm.bias"),
        ("model.layers.{i}.self_attn.indexer.weights_proj.weight", "blk.{i}.indexer.proj.weight"),
    ];
}
