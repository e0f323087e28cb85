using System.Text.Json;
using System.Text.Json.Nodes;
using LongDoc.Runtime.Weights;

namespace LongDoc.Testing.RandomModels;

/// <summary>config.json of a random model as transformers writes it for Qwen3MoeForCausalLM / Qwen3ForCausalLM.</summary>
public static class HfConfigWriter
{
    public static void Write(RandomModelSpec spec, string path)
    {
        var c = new JsonObject
        {
            ["architectures"] = new JsonArray(spec.IsMoe ? "Qwen3MoeForCausalLM" : "Qwen3ForCausalLM"),
            ["model_type"] = spec.IsMoe ? "qwen3_moe" : "qwen3",
            ["hidden_size"] = spec.Embedding,
            ["num_hidden_layers"] = spec.Layers,
            ["num_attention_heads"] = spec.Heads,
            ["num_key_value_heads"] = spec.KvHeads,
            ["head_dim"] = spec.HeadDim,
            ["intermediate_size"] = spec.Ffn,
            ["max_position_embeddings"] = spec.Context,
            ["vocab_size"] = spec.Vocab,
            ["rope_theta"] = spec.RopeBase,
            ["rope_scaling"] = null,
            ["rms_norm_eps"] = spec.Eps,
            ["tie_word_embeddings"] = spec.TiedEmbeddings,
            ["hidden_act"] = "silu",
            ["attention_bias"] = false,
            ["bos_token_id"] = (int)SpmVocab.Bos,
            ["eos_token_id"] = (int)SpmVocab.Eos,
            ["torch_dtype"] = spec.WeightType == GgmlType.F16 ? "float16" : "float32",
        };
        if (spec.IsMoe)
        {
            c["num_experts"] = spec.Experts;
            c["num_experts_per_tok"] = spec.ExpertsUsed;
            c["moe_intermediate_size"] = spec.ExpertFfn;
            c["norm_topk_prob"] = true;
            c["decoder_sparse_step"] = 1;
            c["mlp_only_layers"] = new JsonArray();
        }
        File.WriteAllText(path, c.ToJsonString(new JsonSerializerOptions { WriteIndented = true }));
    }
}
