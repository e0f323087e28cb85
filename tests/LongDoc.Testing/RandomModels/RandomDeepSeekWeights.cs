using LongDoc.Runtime.Weights;

namespace LongDoc.Testing.RandomModels;

/// <summary>
/// The tensors of a random MLA model (deepseek2; deepseek32 and glm-dsa add the DSA indexer under self_attn.indexer)
/// in DeepSeek-V2/V3/V3.2 checkpoint order and names (kv_b_proj combined, as Hugging
/// Face stores it; <see cref="RandomModelWriter"/> splits it for the split GGUF layout). Same scales and rounding as
/// <see cref="RandomWeights"/>. Legend: D hidden, H heads, N nope, Pe rope, Dv value, R kv_lora, Rq q_lora, E experts,
/// Hi index heads, Di index head dim.
/// </summary>
public static class RandomDeepSeekWeights
{
    public static int Count(RandomModelSpec spec)
    {
        int attn = 1 + (spec.QLoraRank > 0 ? 3 : 1) + 4 + 1;             // norm, q, kv_a, kv_a_norm, kv_b, o, ffn_norm
        int dense = 3, moe = 1 + (spec.RouterBias ? 1 : 0) + 3 * spec.Experts + (spec.SharedExperts > 0 ? 3 : 0);
        int dl = Math.Min(spec.LeadingDense, spec.Layers);
        int indexers = Enumerable.Range(0, spec.Layers).Count(spec.HasIndexerTensors);
        return 1 + spec.Layers * attn + 5 * indexers + dl * dense + (spec.Layers - dl) * moe + 1 + (spec.TiedEmbeddings ? 0 : 1);
    }

    public static IEnumerable<RandomTensor> Stream(RandomModelSpec spec)
    {
        var rng = new Random(spec.Seed);
        int d = spec.Embedding, h = spec.Heads, n = spec.HeadDim, pe = spec.RopeDims, dv = spec.ValueDim, r = spec.KvLoraRank;
        int dk = n + pe, fs = spec.SharedExperts * spec.ExpertFfn;

        RandomTensor Matrix(string hf, string name, int rows, int cols, int expert = -1, bool router = false)
        {
            var v = RandomWeights.Uniform(rng, rows * cols, RandomWeights.Fan(cols));
            // the router stays F32 (llama.cpp's converter and quantizer keep it); other matrices take the spec's type
            // or mix, rounded through it, with the blocks kept (k-quant searches are not idempotent)
            var type = router ? GgmlType.F32 : spec.MatrixType(name, cols);
            byte[]? encoded = RandomModelSpec.IsQuantized(type) ? RandomWeights.RoundThrough(type, v, cols) : null;
            if (spec.WeightType == GgmlType.F16) RandomWeights.RoundF16(v);
            return new RandomTensor(hf, name, expert, [rows, cols], v, type) { Encoded = encoded };
        }
        RandomTensor Vector(string hf, string name, int length, float center, float spread)
        {
            var v = RandomWeights.Uniform(rng, length, spread);
            for (int i = 0; i < length; i++) v[i] += center;
            if (spec.WeightType == GgmlType.F16) RandomWeights.RoundF16(v);
            return new RandomTensor(hf, name, -1, [length], v, GgmlType.F32);
        }

        yield return Matrix("model.embed_tokens.weight", "token_embd.weight", spec.Vocab, d);
        for (int l = 0; l < spec.Layers; l++)
        {
            string hf = $"model.layers.{l}.", blk = $"blk.{l}.", at = hf + "self_attn.";
            yield return Vector(hf + "input_layernorm.weight", blk + "attn_norm.weight", d, 1f, 0.1f);
            if (spec.QLoraRank > 0)
            {
                yield return Matrix(at + "q_a_proj.weight", blk + "attn_q_a.weight", spec.QLoraRank, d);          // (Rq, D)
                yield return Vector(at + "q_a_layernorm.weight", blk + "attn_q_a_norm.weight", spec.QLoraRank, 1f, 0.1f);
                yield return Matrix(at + "q_b_proj.weight", blk + "attn_q_b.weight", h * dk, spec.QLoraRank);     // (H*Dk, Rq)
            }
            else yield return Matrix(at + "q_proj.weight", blk + "attn_q.weight", h * dk, d);                    // (H*Dk, D)
            yield return Matrix(at + "kv_a_proj_with_mqa.weight", blk + "attn_kv_a_mqa.weight", r + pe, d);       // (R+Pe, D)
            yield return Vector(at + "kv_a_layernorm.weight", blk + "attn_kv_a_norm.weight", r, 1f, 0.1f);
            yield return Matrix(at + "kv_b_proj.weight", blk + "attn_kv_b.weight", h * (n + dv), r);              // (H*(N+Dv), R)
            yield return Matrix(at + "o_proj.weight", blk + "attn_output.weight", d, h * dv);                     // (D, H*Dv)
            if (spec.HasIndexerTensors(l))
            {
                string ix = at + "indexer.", bx = blk + "indexer.";
                int hi = spec.IndexerHeads, di = spec.IndexerDim;
                yield return Matrix(ix + "wq_b.weight", bx + "attn_q_b.weight", hi * di, spec.QLoraRank);        // (Hi*Di, Rq)
                yield return Matrix(ix + "wk.weight", bx + "attn_k.weight", di, d);                             // (Di, D)
                yield return Vector(ix + "k_norm.weight", bx + "k_norm.weight", di, 1f, 0.1f);
                yield return Vector(ix + "k_norm.bias", bx + "k_norm.bias", di, 0f, 0.1f);
                // F32 like the router: llama.cpp's converter keeps indexer.proj unquantized
                yield return Matrix(ix + "weights_proj.weight", bx + "proj.weight", hi, d, router: true);        // (Hi, D)
            }
            yield return Vector(hf + "post_attention_layernorm.weight", blk + "ffn_norm.weight", d, 1f, 0.1f);
            if (l < spec.LeadingDense)
            {
                yield return Matrix(hf + "mlp.gate_proj.weight", blk + "ffn_gate.weight", spec.Ffn, d);
                yield return Matrix(hf + "mlp.up_proj.weight", blk + "ffn_up.weight", spec.Ffn, d);
                yield return Matrix(hf + "mlp.down_proj.weight", blk + "ffn_down.weight", d, spec.Ffn);
                continue;
            }
            yield return Matrix(hf + "mlp.gate.weight", blk + "ffn_gate_inp.weight", spec.Experts, d, router: true);  // (E, D)
            if (spec.RouterBias)
                yield return Vector(hf + "mlp.gate.e_score_correction_bias", blk + "exp_probs_b.bias", spec.Experts, 0f, 0.1f);
            for (int e = 0; e < spec.Experts; e++)
            {
                string ex = $"{hf}mlp.experts.{e}.";
                yield return Matrix(ex + "gate_proj.weight", blk + "ffn_gate_exps.weight", spec.ExpertFfn, d, e);
                yield return Matrix(ex + "up_proj.weight", blk + "ffn_up_exps.weight", spec.ExpertFfn, d, e);
                yield return Matrix(ex + "down_proj.weight", blk + "ffn_down_exps.weight", d, spec.ExpertFfn, e);
            }
            if (spec.SharedExperts > 0)
            {
                yield return Matrix(hf + "mlp.shared_experts.gate_proj.weight", blk + "ffn_gate_shexp.weight", fs, d);
                yield return Matrix(hf + "mlp.shared_experts.up_proj.weight", blk + "ffn_up_shexp.weight", fs, d);
                yield return Matrix(hf + "mlp.shared_experts.down_proj.weight", blk + "ffn_down_shexp.weight", d, fs);
            }
        }
        yield return Vector("model.norm.weight", "output_norm.weight", d, 1f, 0.1f);
        if (!spec.TiedEmbeddings) yield return Matrix("lm_head.weight", "output.weight", spec.Vocab, d);
    }

    /// <summary>
    /// The split GGUF form of a combined kv_b_proj (H*(N+Dv), R), as llama.cpp's convert_hf_to_gguf.py writes it:
    /// attn_k_b = k part viewed (H, N, R) transposed to (H, R, N), ggml ne {N, R, H}; attn_v_b = v part (H, Dv, R),
    /// ne {R, Dv, H}. Yielded per head, as expert slices of a stacked tensor.
    /// </summary>
    public static IEnumerable<RandomTensor> Split(RandomModelSpec spec, RandomTensor kvB)
    {
        int h = spec.Heads, n = spec.HeadDim, dv = spec.ValueDim, r = spec.KvLoraRank;
        string blk = kvB.InternalName[..kvB.InternalName.IndexOf("attn_kv_b", StringComparison.Ordinal)];
        for (int head = 0; head < h; head++)
        {
            var k = new float[r * n];
            for (int j = 0; j < n; j++)
                for (int i = 0; i < r; i++) k[i * n + j] = kvB.Values[(head * (n + dv) + j) * r + i];
            yield return kvB with { InternalName = blk + "attn_k_b.weight", Expert = head, Shape = [r, n], Values = k };
        }
        for (int head = 0; head < h; head++)
        {
            var v = kvB.Values.AsSpan((head * (n + dv) + n) * r, dv * r).ToArray();
            yield return kvB with { InternalName = blk + "attn_v_b.weight", Expert = head, Shape = [dv, r], Values = v };
        }
    }
}
