using System.Text.RegularExpressions;

namespace LongDoc.Runtime.Weights;

/// <summary>
/// Hugging Face checkpoint names -> internal (GGUF) names, one table per architecture, as llama.cpp's
/// convert_hf_to_gguf maps them. {i} is the layer, {e} the expert: per-expert HF tensors become slices of the
/// stacked GGUF expert tensor.
/// </summary>
public static class HfNames
{
    /// <summary>The rows every llama-like checkpoint has: embeddings, norms, q/k/v/o, dense SwiGLU FFN.</summary>
    static readonly (string Hf, string Internal)[] Common =
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

    /// <summary>Qwen3 and Qwen3-MoE: per-head q/k norms; routed experts under mlp.</summary>
    static readonly (string Hf, string Internal)[] Qwen3 =
    [
        .. Common,
        ("model.layers.{i}.self_attn.q_norm.weight", "blk.{i}.attn_q_norm.weight"),
        ("model.layers.{i}.self_attn.k_norm.weight", "blk.{i}.attn_k_norm.weight"),
        ("model.layers.{i}.mlp.gate.weight", "blk.{i}.ffn_gate_inp.weight"),
        ("model.layers.{i}.mlp.experts.{e}.gate_proj.weight", "blk.{i}.ffn_gate_exps.weight"),
        ("model.layers.{i}.mlp.experts.{e}.up_proj.weight", "blk.{i}.ffn_up_exps.weight"),
        ("model.layers.{i}.mlp.experts.{e}.down_proj.weight", "blk.{i}.ffn_down_exps.weight"),
    ];

    /// <summary>q/k/v projection biases (Qwen2 always; Llama with attention_bias).</summary>
    static readonly (string Hf, string Internal)[] QkvBias =
    [
        ("model.layers.{i}.self_attn.q_proj.bias", "blk.{i}.attn_q.bias"),
        ("model.layers.{i}.self_attn.k_proj.bias", "blk.{i}.attn_k.bias"),
        ("model.layers.{i}.self_attn.v_proj.bias", "blk.{i}.attn_v.bias"),
    ];

    static readonly (string Hf, string Internal)[] Qwen2 = [.. Common, .. QkvBias];

    /// <summary>
    /// Llama and Mixtral (block_sparse_moe: w1 = gate, w3 = up, w2 = down, as llama.cpp's converter maps them). The q/k
    /// rows stay as Hugging Face stores them (rotate-half order): the folder's config says RoPE NEOX instead of the
    /// GGUF's permuted rows with NORM (HfConfigReader), which is the same rotation.
    /// </summary>
    static readonly (string Hf, string Internal)[] Llama =
    [
        .. Common, .. QkvBias,
        ("model.layers.{i}.block_sparse_moe.gate.weight", "blk.{i}.ffn_gate_inp.weight"),
        ("model.layers.{i}.block_sparse_moe.experts.{e}.w1.weight", "blk.{i}.ffn_gate_exps.weight"),
        ("model.layers.{i}.block_sparse_moe.experts.{e}.w3.weight", "blk.{i}.ffn_up_exps.weight"),
        ("model.layers.{i}.block_sparse_moe.experts.{e}.w2.weight", "blk.{i}.ffn_down_exps.weight"),
    ];

    /// <summary>DeepSeek-V2/V3: MLA projections, router bias, shared experts. kv_b_proj keeps the legacy attn_kv_b layout.</summary>
    static readonly (string Hf, string Internal)[] DeepSeek2 =
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

    static readonly Dictionary<string, (string Hf, string Internal)[]> Tables = new(StringComparer.Ordinal)
    {
        ["qwen3moe"] = Qwen3,
        ["qwen3"] = Qwen3,
        ["deepseek2"] = DeepSeek2,
        ["qwen2"] = Qwen2,
        ["llama"] = Llama,
    };

    static readonly Dictionary<string, (Regex Pattern, string Internal)[]> Compiled = Tables.ToDictionary(
        kv => kv.Key, kv => kv.Value.Select(p => (Compile(p.Hf), p.Internal)).ToArray());

    public static IReadOnlyCollection<string> Architectures => Tables.Keys;

    /// <summary>Table rows for <paramref name="architecture"/> as (HF pattern, internal pattern).</summary>
    public static IReadOnlyList<(string Hf, string Internal)> Table(string architecture) =>
        Tables.TryGetValue(architecture, out var t) ? t
        : throw new ArgumentException($"no Hugging Face name table for architecture {architecture} (supported: {string.Join(", ", Tables.Keys)})");

    /// <summary>Maps one checkpoint name; <paramref name="expert"/> is -1 unless the name is a per-expert tensor.</summary>
    public static bool TryMap(string architecture, string hfName, out string internalName, out int expert)
    {
        Table(architecture);
        foreach (var (pattern, target) in Compiled[architecture])
        {
            var m = pattern.Match(hfName);
            if (!m.Success) continue;
            internalName = m.Groups["i"].Success ? target.Replace("{i}", m.Groups["i"].Value) : target;
            expert = m.Groups["e"].Success ? int.Parse(m.Groups["e"].Value) : -1;
            return true;
        }
        internalName = ""; expert = -1;
        return false;
    }

    static Regex Compile(string hf) => new(
        "^" + Regex.Escape(hf).Replace(@"\{i}", "(?<i>[0-9]{1,6})").Replace(@"\{e}", "(?<e>[0-9]{1,6})") + "$",
        RegexOptions.CultureInvariant | RegexOptions.Compiled);
}
