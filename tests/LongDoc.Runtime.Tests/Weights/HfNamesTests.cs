using LongDoc.Runtime.Weights;

namespace LongDoc.Runtime.Tests.Weights;

public sealed class HfNamesTests
{
    [Theory]
    [InlineData("model.embed_tokens.weight", "token_embd.weight", -1)]
    [InlineData("lm_head.weight", "output.weight", -1)]
    [InlineData("model.layers.12.self_attn.o_proj.weight", "blk.12.attn_output.weight", -1)]
    [InlineData("model.layers.0.self_attn.k_norm.weight", "blk.0.attn_k_norm.weight", -1)]
    [InlineData("model.layers.3.mlp.gate.weight", "blk.3.ffn_gate_inp.weight", -1)]
    [InlineData("model.layers.3.mlp.gate_proj.weight", "blk.3.ffn_gate.weight", -1)]
    [InlineData("model.layers.47.mlp.experts.127.down_proj.weight", "blk.47.ffn_down_exps.weight", 127)]
    public void TryMap_Qwen3MoeNames_MapToGgufNames(string hf, string expected, int expectedExpert)
    {
        Assert.True(HfNames.TryMap("qwen3moe", hf, out var name, out int expert));
        Assert.Equal((expected, expectedExpert), (name, expert));
    }

    [Theory]
    [InlineData("model.rotary_emb.inv_freq")]
    [InlineData("model.layers.x.mlp.gate.weight")]
    [InlineData("prefix.model.norm.weight")]
    public void TryMap_UnknownNames_AreNotMapped(string hf) =>
        Assert.False(HfNames.TryMap("qwen3", hf, out _, out _));

    [Fact]
    public void TryMap_UnknownArchitecture_NamesTheSupportedList() =>
        Assert.Contains("qwen3moe, qwen3", Assert.Throws<ArgumentException>(() => HfNames.TryMap("mamba", "x", out _, out _)).Message);
}
