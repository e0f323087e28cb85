using LongDoc.Runtime.Weights;

namespace LongDoc.Runtime.Models;

/// <summary>
/// qwen2 (R1-Distill-Qwen, Qwen2/Qwen2.5 dense), as llama.cpp's src/models/qwen2.cpp: the dense llama block, except
/// as marked. Output tied to token_embd when the file has no output.weight (the small models).
/// </summary>
public static class Qwen2
{
    public static readonly ArchitectureDescriptor Descriptor = new("qwen2",
        new GgufLayout(RopeStyle.Neox, Moe: false, DenseFfn: true, ExpertWeightsNorm: true),
        [new HfClass("Qwen2ForCausalLM", RopeStyle.Neox)], [.. HfTensorRows.Common, .. HfTensorRows.QkvBias], Block);

    public static TransformerBlock Block(ModelConfig c, IModelWeights w, int i)
    {
        // differs from llama: the q/k/v biases are part of the architecture (llama.cpp refuses a file without them),
        // and RoPE is NEOX in both formats (Qwen's converter does not permute q/k).
        foreach (var name in new[] { "attn_q", "attn_k", "attn_v" })
            if (!w.Contains($"blk.{i}.{name}.bias"))
                throw new WeightFormatException(w.Source, $"blk.{i}.{name}.bias", "missing: qwen2 has q/k/v projection biases");
        return Llama.Block(c, w, i);
    }
}
