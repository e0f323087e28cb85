using LongDoc.Runtime.Weights;
using LongDoc.Testing.RandomModels;

namespace LongDoc.Runtime.Tests.Weights.Quantization;

/// <summary>The IQ2 mix of the random writer (<see cref="QuantMix.IQ2"/>) against llama.cpp's llama_tensor_get_type, read by hand.</summary>
public sealed class QuantMixRuleTests
{
    // Qwen3-30B-A3B's shape: GQA 8, 128 experts, 8 layers (so layer 0 is the first eighth)
    static readonly RandomModelSpec Qwen3 = new()
    {
        Architecture = "qwen3moe", Embedding = 2048, Layers = 8, Heads = 32, KvHeads = 4, HeadDim = 128, Experts = 128, ExpertsUsed = 8,
        ExpertFfn = 768, Vocab = 151936, WeightType = GgmlType.IQ2_XXS, Mix = QuantMix.IQ2,
    };

    [Theory]
    [InlineData("output.weight", 2048, GgmlType.Q5_K)]
    [InlineData("token_embd.weight", 2048, GgmlType.Q2_K)]
    [InlineData("blk.3.attn_v.weight", 2048, GgmlType.Q4_K)]
    [InlineData("blk.0.ffn_down_exps.weight", 768, GgmlType.Q2_K)]
    [InlineData("blk.1.ffn_down_exps.weight", 768, GgmlType.IQ2_XXS)]
    [InlineData("blk.3.attn_q.weight", 2048, GgmlType.IQ2_XXS)]
    [InlineData("blk.3.attn_k.weight", 2048, GgmlType.IQ2_XXS)]
    [InlineData("blk.3.attn_output.weight", 4096, GgmlType.IQ2_XXS)]
    [InlineData("blk.3.ffn_gate_exps.weight", 2048, GgmlType.IQ2_XXS)]
    public void IQ2Mix_Qwen3Shape_GivesLlamaCppsTypePerTensor(string name, int cols, GgmlType expected) =>
        Assert.Equal(expected, Qwen3.MatrixType(name, cols));

    [Theory]
    [InlineData("blk.3.ffn_down_exps.weight", GgmlType.IQ4_NL)]
    [InlineData("blk.0.ffn_down_exps.weight", GgmlType.Q4_0)]
    [InlineData("blk.3.attn_v.weight", GgmlType.Q5_0)]
    [InlineData("output.weight", GgmlType.Q8_0)]
    public void IQ2Mix_RowsA256BlockDoesNotDivide_FallBackAsLlamaCpp(string name, GgmlType expected) =>
        Assert.Equal(expected, Qwen3.MatrixType(name, 1408));

    [Fact]
    public void IQ2Mix_EightExpertsAndIQ1Bases_GetTheirOwnAttentionTypes()
    {
        var eight = Qwen3 with { Experts = 8 };
        Assert.Equal(GgmlType.Q4_K, eight.MatrixType("blk.3.attn_k.weight", 2048));
        Assert.Equal(GgmlType.Q5_K, eight.MatrixType("blk.3.attn_output.weight", 4096));
        Assert.Equal(GgmlType.IQ2_XXS, (Qwen3 with { WeightType = GgmlType.IQ1_S }).MatrixType("blk.3.attn_output.weight", 4096));
    }
}
