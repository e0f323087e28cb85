using LongDoc.Runtime.Weights;

namespace LongDoc.Runtime.Tests.Weights;

public sealed class HfNamesLlamaFamilyTests
{
    [Theory]
    [InlineData("llama", "model.layers.5.self_attn.q_proj.weight", "blk.5.attn_q.weight", -1)]
    [InlineData("llama", "model.layers.2.block_sparse_moe.gate.weight", "blk.2.ffn_gate_inp.weight", -1)]
    [InlineData("llama", "model.layers.2.block_sparse_moe.experts.7.w1.weight", "blk.2.ffn_gate_exps.weight", 7)]
    [InlineData("llama", "model.layers.2.block_sparse_moe.experts.7.w3.weight", "blk.2.ffn_up_exps.weight", 7)]
    [InlineData("llama", "model.layers.2.block_sparse_moe.experts.7.w2.weight", "blk.2.ffn_down_exps.weight", 7)]
    [InlineData("llama", "model.layers.0.mlp.down_proj.weight", "blk.0.ffn_down.weight", -1)]
    [InlineData("qwen2", "model.layers.3.self_attn.q_proj.bias", "blk.3.attn_q.bias", -1)]
    [InlineData("qwen2", "model.layers.3.self_attn.k_proj.bias", "blk.3.attn_k.bias", -1)]
    [InlineData("qwen2", "model.layers.3.self_attn.v_proj.bias", "blk.3.attn_v.bias", -1)]
    [InlineData("qwen2", "lm_head.weight", "output.weight", -1)]
    public void TryMap_LlamaMixtralQwen2Names_MapToGgufNames(string arch, string hf, string expected, int expectedExpert)
    {
        Assert.True(HfNames.TryMap(arch, hf, out var name, out int expert));
        Assert.Equal((expected, expectedExpert), (name, expert));
    }

    [Theory]
    [InlineData("qwen2", "model.layers.0.self_attn.q_norm.weight")]
    [InlineData("llama", "model.layers.0.mlp.experts.0.gate_proj.weight")]
    public void TryMap_OtherFamiliesNames_AreNotMapped(string arch, string hf) =>
        Assert.False(HfNames.TryMap(arch, hf, out _, out _));
}
