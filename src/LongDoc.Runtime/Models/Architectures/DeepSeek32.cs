using LongDoc.Runtime.Layers;
using System.Text.Json;
using LongDoc.Runtime.Weights;

namespace LongDoc.Runtime.Models;

/// <summary>
/// deepseek32 (DeepSeek-V3.2-Exp, V3.2), as llama.cpp's src/models/deepseek32.cpp: deepseek2 (MLA with q LoRA, sigmoid
/// routing) plus DeepSeek Sparse Attention, a lightning indexer per layer (<see cref="DsaIndexer"/>, tensors
/// blk.N.indexer.*, <see cref="LightningIndexer"/> with NEOX RoPE as DeepSeek's 2025-11 update of the reference says)
/// choosing the top-k positions MLA attends to (<see cref="MlaAttention"/>).
/// </summary>
public static class DeepSeek32
{
    public static readonly ArchitectureDescriptor Descriptor = new("deepseek32",
        new GgufLayout(RopeStyle.Norm, Moe: true, DenseFfn: false, ExpertWeightsNorm: false,
            (gguf, c) => DsaIndexerReader.FromGguf(gguf, MlaConfigReader.FromGguf(gguf, c, ExpertGating.Softmax))),
        [new HfClass("DeepseekV32ForCausalLM", RopeStyle.Norm, Reader: ReadHf)],
        [.. HfTensorRows.DeepSeek2, .. HfTensorRows.Indexer], Block);

    static ModelConfig ReadHf(JsonElement root, string path) =>
        DsaIndexerReader.FromHf(root, path, MlaConfigReader.FromHf(root, path, "deepseek32", ExpertGating.Sigmoid));

    public static TransformerBlock Block(ModelConfig c, IModelWeights w, int i) => DsaBlock(c, w, i, neoxIndexerRope: true);

    /// <summary>deepseek2's block with layer i's indexer (none on a layer that reuses an earlier layer's selection).</summary>
    internal static TransformerBlock DsaBlock(ModelConfig c, IModelWeights w, int i, bool neoxIndexerRope)
    {
        CheckIndexer(c, w, i);
        var ix = c.Indexer!;
        string b = $"blk.{i}.indexer.";
        var indexer = ix.IsFull(i)
            ? new LightningIndexer(i,
                new LightningIndexer.Tensors(w.Matrix(b + "attn_q_b.weight"), w.Matrix(b + "attn_k.weight"),
                    new LayerNorm(w.Vector(b + "k_norm.weight"), w.Vector(b + "k_norm.bias"), IndexKeyNormEps),
                    w.Matrix(b + "proj.weight")),
                new YarnRope(c.RopeFreqBase, c.RopeDimensionCount, c.Yarn, neoxIndexerRope), ix.HeadCount, ix.KeyLength)
            : null;
        return DeepSeek2.Block(c, w, i, ix.TopK, indexer);
    }

    /// <summary>The indexer's key LayerNorm epsilon, hard-coded in the reference and in llama.cpp.</summary>
    const float IndexKeyNormEps = 1e-6f;

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
}
