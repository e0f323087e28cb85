using LongDoc.Runtime.Layers;
using LongDoc.Runtime.Weights;

namespace LongDoc.Runtime.Models;

/// <summary>
/// deepseek2 (DeepSeek-V2, V2-Lite, V2.5, V3, R1), as llama.cpp's src/models/deepseek2.cpp: qwen3moe, except where marked.
/// </summary>
public static class DeepSeek2
{
    /// <summary>RoPE NORM on the rope part only; expert_weights_norm absent means false (V2, V2-Lite); old V2 files
    /// have no expert_gating_func (softmax).</summary>
    public static readonly ArchitectureDescriptor Descriptor = new("deepseek2",
        new GgufLayout(RopeStyle.Norm, Moe: true, DenseFfn: false, ExpertWeightsNorm: false,
            (gguf, c) => MlaConfigReader.FromGguf(gguf, c, ExpertGating.Softmax)),
        [
            new HfClass("DeepseekV2ForCausalLM", RopeStyle.Norm, Reader: (root, path) => MlaConfigReader.FromHf(root, path, "deepseek2", ExpertGating.Softmax)),
            new HfClass("DeepseekV3ForCausalLM", RopeStyle.Norm, Reader: (root, path) => MlaConfigReader.FromHf(root, path, "deepseek2", ExpertGating.Softmax)),
        ],
        HfTensorRows.DeepSeek2, Block);

    public static TransformerBlock Block(ModelConfig c, IModelWeights w, int i) => Block(c, w, i, 0, null);

    /// <summary>The block with DeepSeek Sparse Attention's top-k and layer i's indexer (deepseek32, glm-dsa).</summary>
    internal static TransformerBlock Block(ModelConfig c, IModelWeights w, int i, int topK, LightningIndexer? indexer) =>
        new(Qwen3Moe.Norm(c, w, $"blk.{i}.attn_norm.weight"), Attention(c, w, i, topK, indexer), Qwen3Moe.Norm(c, w, $"blk.{i}.ffn_norm.weight"),
            // differs from qwen3moe: the first leading_dense_block_count layers have a dense SwiGLU FFN
            i < c.LeadingDenseBlockCount ? Dense(w, $"blk.{i}.ffn_{{0}}.weight") : MoeFfn(c, w, i));

    // differs from qwen3moe: MLA instead of GQA (q LoRA optional, KV through a normed latent, RoPE NORM with YaRN on
    // the rope part only, no q/k head norms), and the cache keeps the latent.
    static MlaAttention Attention(ModelConfig c, IModelWeights w, int i, int topK, LightningIndexer? indexer)
    {
        string b = $"blk.{i}.";
        bool qLora = w.Contains(b + "attn_q_a.weight");
        var projections = new MlaAttention.Projections(
            qLora ? null : w.Matrix(b + "attn_q.weight"),
            qLora ? w.Matrix(b + "attn_q_a.weight") : null,
            qLora ? Qwen3Moe.Norm(c, w, b + "attn_q_a_norm.weight") : null,
            qLora ? w.Matrix(b + "attn_q_b.weight") : null,
            w.Matrix(b + "attn_kv_a_mqa.weight"), Qwen3Moe.Norm(c, w, b + "attn_kv_a_norm.weight"), w.Matrix(b + "attn_output.weight"));
        // Both GGUF layouts of the latent up-projection: legacy attn_kv_b (also Hugging Face's kv_b_proj) or split.
        var up = w.Contains(b + "attn_kv_b.weight")
            ? LatentUpProjection.FromCombined(w.Matrix(b + "attn_kv_b.weight"), c.HeadCount, c.NopeLength, c.ValueLength)
            : LatentUpProjection.FromSplit(Heads(c, w, b + "attn_k_b.weight"), Heads(c, w, b + "attn_v_b.weight"));
        if (up.Latent != c.KvLoraRank || up.Nope != c.NopeLength || up.Value != c.ValueLength)
            throw new WeightFormatException(w.Source, b + "attn_k_b.weight",
                $"latent up-projection is R={up.Latent}, N={up.Nope}, Dv={up.Value}; the config says {c.KvLoraRank}, {c.NopeLength}, {c.ValueLength}");
        return new MlaAttention(i, projections, up, new YarnRope(c.RopeFreqBase, c.RopeDimensionCount, c.Yarn),
            c.HeadCount, YarnRope.AttentionScale(c.Yarn, c.KeyLength), topK, indexer);
    }

    static WeightMatrix[] Heads(ModelConfig c, IModelWeights w, string name) =>
        [.. Enumerable.Range(0, c.HeadCount).Select(h => w.Expert(name, h))];

    static MoeFeedForward MoeFfn(ModelConfig c, IModelWeights w, int i)
    {
        string b = $"blk.{i}.";
        // differs from qwen3moe: softmax or sigmoid gating, the selection bias exp_probs_b (V3), group-limited top-k,
        // the routed scaling factor, and normalization only when expert_weights_norm says so.
        var options = new RouterOptions(c.ExpertUsedCount, c.ExpertGating, c.ExpertWeightsNorm, c.ExpertWeightsScale,
            c.ExpertGroupCount, c.ExpertGroupUsedCount);
        var router = new MoeRouter(w.Matrix(b + "ffn_gate_inp.weight"), options,
            w.Contains(b + "exp_probs_b.bias") ? w.Vector(b + "exp_probs_b.bias") : null);
        WeightMatrix[] Stack(string name) => [.. Enumerable.Range(0, c.ExpertCount).Select(e => w.Expert($"{b}{name}.weight", e))];
        var experts = new Experts(Stack("ffn_gate_exps"), Stack("ffn_up_exps"), Stack("ffn_down_exps"));
        // differs from qwen3moe: shared experts beside the routed ones
        return new MoeFeedForward(router, experts, c.ExpertSharedCount > 0 ? Dense(w, b + "ffn_{0}_shexp.weight") : null);
    }

    static Mlp Dense(IModelWeights w, string pattern) =>
        new(w.Matrix(string.Format(pattern, "gate")), w.Matrix(string.Format(pattern, "up")), w.Matrix(string.Format(pattern, "down")));
}
