using LongDoc.Runtime.Weights;
using LongDoc.Runtime.Weights.Quantization;

namespace LongDoc.Testing.RandomModels;

/// <summary>
/// Generates the tensors of a <see cref="RandomModelSpec"/> in checkpoint order from one seeded generator.
/// Scales keep activations O(1): matrices uniform in ±1/sqrt(fan_in), embeddings uniform in ±1, norms 1 ± 0.1.
/// Values are rounded through the stored types: F16 specs round everything to f16 (the folder is all F16); quantized
/// specs round each matrix through its GGUF type (the folder holds the dequantized values as F32).
/// </summary>
public static class RandomWeights
{
    /// <summary>All tensors in memory: for tests that compare values.</summary>
    public static IReadOnlyList<RandomTensor> Generate(RandomModelSpec spec) => Stream(spec).ToList();

    /// <summary>Number of checkpoint tensors <see cref="Stream"/> yields.</summary>
    public static int Count(RandomModelSpec spec) => spec.IsDeepSeek ? RandomDeepSeekWeights.Count(spec) :
        1 + spec.Layers * (6 + (spec.HasQkNorm ? 2 : 0) + (spec.IsQwen2 ? 3 : 0) + (spec.IsMoe ? 1 + 3 * spec.Experts : 3)) + 1 + (spec.TiedEmbeddings ? 0 : 1);

    // D hidden, H heads, Hkv KV heads, Dh head dim, E experts, F expert FFN, V vocab
    /// <summary>The tensors one at a time, so writers of big models hold one tensor's values at once.</summary>
    public static IEnumerable<RandomTensor> Stream(RandomModelSpec spec)
    {
        spec.Validate();
        if (spec.IsDeepSeek) return RandomDeepSeekWeights.Stream(spec);
        return StreamQwen(spec);
    }

    static IEnumerable<RandomTensor> StreamQwen(RandomModelSpec spec)
    {
        var rng = new Random(spec.Seed);
        int d = spec.Embedding, q = spec.Heads * spec.HeadDim, kv = spec.KvHeads * spec.HeadDim;

        RandomTensor Matrix(string hf, string name, int rows, int cols, float scale, int expert = -1, bool router = false)
        {
            var v = Uniform(rng, rows * cols, scale);
            var type = router ? GgmlType.F32 : spec.MatrixType(name, cols);
            byte[]? encoded = RandomModelSpec.IsQuantized(type) ? RoundThrough(type, v, cols) : null;
            if (spec.WeightType == GgmlType.F16) RoundF16(v);
            return new RandomTensor(hf, name, expert, [rows, cols], v, type) { Encoded = encoded };
        }
        RandomTensor Norm(string hf, string name, int n)
        {
            var v = Uniform(rng, n, 0.1f);
            for (int i = 0; i < n; i++) v[i] += 1f;
            if (spec.WeightType == GgmlType.F16) RoundF16(v);
            return new RandomTensor(hf, name, -1, [n], v, GgmlType.F32);
        }

        // Biases up to ±0.5: large enough that a missing or misplaced one moves the logits far beyond tolerance.
        RandomTensor Bias(string hf, string name, int n)
        {
            var v = Uniform(rng, n, 0.5f);
            if (spec.WeightType == GgmlType.F16) RoundF16(v);
            return new RandomTensor(hf, name, -1, [n], v, GgmlType.F32);
        }
        // Mixtral's checkpoint names its MoE block_sparse_moe with experts w1 (gate), w3 (up), w2 (down).
        bool mixtral = spec.IsLlama && spec.IsMoe;
        string routerName = mixtral ? "block_sparse_moe.gate.weight" : "mlp.gate.weight";
        string ExpertName(int l, int e, string qwen, string mixtralName) =>
            mixtral ? $"model.layers.{l}.block_sparse_moe.experts.{e}.{mixtralName}.weight" : $"model.layers.{l}.mlp.experts.{e}.{qwen}.weight";

        yield return Matrix("model.embed_tokens.weight", "token_embd.weight", spec.Vocab, d, 1f); // (V, D)
        for (int l = 0; l < spec.Layers; l++)
        {
            string hf = $"model.layers.{l}.", blk = $"blk.{l}.";
            yield return Norm(hf + "input_layernorm.weight", blk + "attn_norm.weight", d);
            yield return Matrix(hf + "self_attn.q_proj.weight", blk + "attn_q.weight", q, d, Fan(d));             // (H*Dh, D)
            yield return Matrix(hf + "self_attn.k_proj.weight", blk + "attn_k.weight", kv, d, Fan(d));            // (Hkv*Dh, D)
            yield return Matrix(hf + "self_attn.v_proj.weight", blk + "attn_v.weight", kv, d, Fan(d));            // (Hkv*Dh, D)
            yield return Matrix(hf + "self_attn.o_proj.weight", blk + "attn_output.weight", d, q, Fan(q));        // (D, H*Dh)
            if (spec.IsQwen2) // differs for qwen2: q/k/v biases (ahead of the norms in the generator's order)
            {
                yield return Bias(hf + "self_attn.q_proj.bias", blk + "attn_q.bias", q);
                yield return Bias(hf + "self_attn.k_proj.bias", blk + "attn_k.bias", kv);
                yield return Bias(hf + "self_attn.v_proj.bias", blk + "attn_v.bias", kv);
            }
            if (spec.HasQkNorm) // differs for llama and qwen2: no per-head q/k norms
            {
                yield return Norm(hf + "self_attn.q_norm.weight", blk + "attn_q_norm.weight", spec.HeadDim);
                yield return Norm(hf + "self_attn.k_norm.weight", blk + "attn_k_norm.weight", spec.HeadDim);
            }
            yield return Norm(hf + "post_attention_layernorm.weight", blk + "ffn_norm.weight", d);
            if (spec.IsMoe)
            {
                yield return Matrix(hf + routerName, blk + "ffn_gate_inp.weight", spec.Experts, d, Fan(d), router: true); // (E, D)
                for (int e = 0; e < spec.Experts; e++)
                {
                    yield return Matrix(ExpertName(l, e, "gate_proj", "w1"), blk + "ffn_gate_exps.weight", spec.ExpertFfn, d, Fan(d), e); // (F, D)
                    yield return Matrix(ExpertName(l, e, "up_proj", "w3"), blk + "ffn_up_exps.weight", spec.ExpertFfn, d, Fan(d), e);     // (F, D)
                    yield return Matrix(ExpertName(l, e, "down_proj", "w2"), blk + "ffn_down_exps.weight", d, spec.ExpertFfn, Fan(spec.ExpertFfn), e); // (D, F)
                }
            }
            else
            {
                yield return Matrix(hf + "mlp.gate_proj.weight", blk + "ffn_gate.weight", spec.Ffn, d, Fan(d));
                yield return Matrix(hf + "mlp.up_proj.weight", blk + "ffn_up.weight", spec.Ffn, d, Fan(d));
                yield return Matrix(hf + "mlp.down_proj.weight", blk + "ffn_down.weight", d, spec.Ffn, Fan(spec.Ffn));
            }
        }
        yield return Norm("model.norm.weight", "output_norm.weight", d);
        if (!spec.TiedEmbeddings) yield return Matrix("lm_head.weight", "output.weight", spec.Vocab, d, Fan(d)); // (V, D)
    }

    internal static float Fan(int fanIn) => 1f / MathF.Sqrt(fanIn);

    internal static float[] Uniform(Random rng, int n, float scale)
    {
        var v = new float[n];
        for (int i = 0; i < n; i++) v[i] = (float)(rng.NextDouble() * 2 - 1) * scale;
        return v;
    }

    internal static void RoundF16(float[] v)
    {
        for (int i = 0; i < v.Length; i++) v[i] = (float)(Half)v[i];
    }

    /// <summary>
    /// Quantizes <paramref name="v"/> in place to its dequantized values; returns the blocks. Types we only decode (the
    /// I-quants) get random valid blocks of v's root mean square instead (<see cref="RandomQuantBlocks"/>), seeded by v.
    /// </summary>
    internal static byte[] RoundThrough(GgmlType type, float[] v, int cols)
    {
        int rowBytes = checked((int)GgmlTypeInfo.RowBytes(type, cols));
        var all = new byte[v.Length / cols * rowBytes];
        if (RandomQuantBlocks.Handles(type))
        {
            float rms = (float)Math.Sqrt(v.Sum(x => (double)x * x) / v.Length);
            RandomQuantBlocks.Fill(type, all, new Random(BitConverter.SingleToInt32Bits(v[0]) ^ v.Length), rms);
            for (int r = 0; r < v.Length / cols; r++) RowDecoder.ToSingle(type, all.AsSpan(r * rowBytes, rowBytes), v.AsSpan(r * cols, cols));
            return all;
        }
        for (int r = 0; r < v.Length / cols; r++)
        {
            var span = v.AsSpan(r * cols, cols);
            var row = all.AsSpan(r * rowBytes, rowBytes);
            RowEncoder.FromSingle(type, span, row);
            RowDecoder.ToSingle(type, row, span);
        }
        return all;
    }
}
