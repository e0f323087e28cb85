using System.Text.Json;
using LongDoc.Runtime.Weights;

namespace LongDoc.Runtime.Models;

/// <summary>
/// deepseek32 (DeepSeek-V3.2-Exp, V3.2), as llama.cpp's src/models/deepseek32.cpp: deepseek2 (MLA with q LoRA, sigmoid
/// routing) plus DeepSeek Sparse Attention, a lightning indexer per layer (<see cref="DsaIndexer"/>, tensors
/// blk.N.indexer.*) choosing the top-k positions MLA attends to. The indexer is read and its weights checked, but not
/// yet computed: the model runs as dense MLA, which equals DSA while the context is at most top_k tokens (every position
/// is then selected), and the loader says so when the context is longer (<see cref="DenseNotice"/>).
/// </summary>
public static class DeepSeek32
{
    public static readonly ArchitectureDescriptor Descriptor = new("deepseek32",
        new GgufLayout(RopeStyle.Norm, Moe: true, DenseFfn: false, ExpertWeightsNorm: false,
            (gguf, c) => DsaIndexerReader.FromGguf(gguf, MlaConfigReader.FromGguf(gguf, c, ExpertGating.Softmax))),
        [new HfClass("DeepseekV32ForCausalLM", RopeStyle.Norm, Reader: ReadHf)],
        [.. HfTensorRows.DeepSeek2, .. HfTensorRows.Indexer], Block)
    {
        LoadNotice = DenseNotice,
    };

    static ModelConfig ReadHf(JsonElement root, string path) =>
        DsaIndexerReader.FromHf(root, path, MlaConfigReader.FromHf(root, path, "deepseek32", ExpertGating.Sigmoid));

    public static TransformerBlock Block(ModelConfig c, IModelWeights w, int i)
    {
        CheckIndexer(c, w, i);
        return DeepSeek2.Block(c, w, i);
    }

    /// <summary>
    /// Checks layer i's indexer tensors against the config (ggml order as llama.cpp loads them): attn_q_b {q_lora, H*D},
    /// attn_k {n_embd, D}, k_norm weight and bias {D}, proj {n_embd, H}. A layer that reuses an earlier layer's top-k
    /// (glm-dsa "shared") may have none.
    /// </summary>
    internal static void CheckIndexer(ModelConfig c, IModelWeights w, int i)
    {
        var ix = c.Indexer!;
        string b = $"blk.{i}.indexer.";
        if (!ix.IsFull(i) && !w.Contains(b + "attn_q_b.weight")) return;
        if (!w.Contains($"blk.{i}.attn_q_a.weight"))
            throw new WeightFormatException(w.Source, $"blk.{i}.attn_q_a.weight", "missing: the DSA indexer's queries come from the q LoRA");
        void Matrix(string name, int rows, int cols)
        {
            var m = w.Matrix(b + name);
            if (m.Rows != rows || m.Cols != cols)
                throw new WeightFormatException(w.Source, b + name, $"is {{{m.Cols}, {m.Rows}}}, the config says {{{cols}, {rows}}}");
        }
        void Vector(string name)
        {
            int n = w.Vector(b + name).Length;
            if (n != ix.KeyLength) throw new WeightFormatException(w.Source, b + name, $"has {n} values, the indexer key length is {ix.KeyLength}");
        }
        Matrix("attn_q_b.weight", ix.HeadCount * ix.KeyLength, c.QLoraRank);
        Matrix("attn_k.weight", ix.KeyLength, c.EmbeddingLength);
        Vector("k_norm.weight");
        Vector("k_norm.bias");
        Matrix("proj.weight", ix.HeadCount, c.EmbeddingLength);
    }

    /// <summary>The loader's line for a DSA model: dense MLA differs from the trained selection once the context exceeds top_k.</summary>
    internal static string? DenseNotice(ModelConfig c, int context) =>
        context > c.Indexer!.TopK
            ? $"{c.Architecture}: indexer not yet applied: dense attention (the model's sparse attention keeps the top {c.Indexer.TopK} positions; " +
              $"dense attention equals it only up to {c.Indexer.TopK} tokens, and this context holds {context})"
            : null;
}
