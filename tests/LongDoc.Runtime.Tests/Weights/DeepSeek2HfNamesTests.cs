using LongDoc.Runtime.Weights;
using LongDoc.Testing.RandomModels;

namespace LongDoc.Runtime.Tests.Weights;

public sealed class DeepSeek2HfNamesTests
{
    [Theory]
    [InlineData("model.layers.0.self_attn.q_proj.weight", "blk.0.attn_q.weight", -1)]
    [InlineData("model.layers.5.self_attn.q_a_proj.weight", "blk.5.attn_q_a.weight", -1)]
    [InlineData("model.layers.5.self_attn.q_a_layernorm.weight", "blk.5.attn_q_a_norm.weight", -1)]
    [InlineData("model.layers.5.self_attn.q_b_proj.weight", "blk.5.attn_q_b.weight", -1)]
    [InlineData("model.layers.5.self_attn.kv_a_proj_with_mqa.weight", "blk.5.attn_kv_a_mqa.weight", -1)]
    [InlineData("model.layers.5.self_attn.kv_a_layernorm.weight", "blk.5.attn_kv_a_norm.weight", -1)]
    [InlineData("model.layers.5.self_attn.kv_b_proj.weight", "blk.5.attn_kv_b.weight", -1)]
    [InlineData("model.layers.60.mlp.gate.e_score_correction_bias", "blk.60.exp_probs_b.bias", -1)]
    [InlineData("model.layers.60.mlp.shared_experts.down_proj.weight", "blk.60.ffn_down_shexp.weight", -1)]
    [InlineData("model.layers.60.mlp.experts.255.gate_proj.weight", "blk.60.ffn_gate_exps.weight", 255)]
    [InlineData("model.layers.0.mlp.up_proj.weight", "blk.0.ffn_up.weight", -1)]
    public void TryMap_DeepSeekNames_MapToGgufNames(string hf, string expected, int expectedExpert)
    {
        Assert.True(HfNames.TryMap("deepseek2", hf, out var name, out int expert));
        Assert.Equal((expected, expectedExpert), (name, expert));
    }

    [Theory]
    [InlineData(0, false, false)]
    [InlineData(64, true, true)]
    public void RandomDeepSeekWeights_Count_MatchesWhatIsGenerated(int qLora, bool bias, bool tied)
    {
        var spec = new RandomModelSpec
        {
            Architecture = "deepseek2", QLoraRank = qLora, RouterBias = bias, TiedEmbeddings = tied, Layers = 3, LeadingDense = 1, SharedExperts = 2,
        };
        Assert.Equal(RandomWeights.Generate(spec).Count, RandomWeights.Count(spec));
        // every checkpoint name has a row in the table
        Assert.All(RandomWeights.Generate(spec), t => Assert.True(HfNames.TryMap("deepseek2", t.HfName, out _, out _), t.HfName));
    }
}
