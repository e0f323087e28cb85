using LongDoc.Runtime.Models;
using LongDoc.Runtime.Weights;

namespace LongDoc.Runtime.Tests.Models;

/// <summary>Reading deepseek2 hyper-parameters from both GGUF layouts and from a DeepSeek config.json.</summary>
public sealed class DeepSeek2ConfigTests(DeepSeek2ModelFiles files) : IClassFixture<DeepSeek2ModelFiles>
{
    static ModelConfig Read(string path)
    {
        using var f = ModelFiles.Open(path);
        return f.Config;
    }

    [Fact]
    public void V3Gguf_ReadsEveryField()
    {
        var c = Read(files.Gguf("v3-split"));
        Assert.Equal("deepseek2", c.Architecture);
        Assert.Equal((4, 4, 24, 16), (c.HeadCount, c.HeadCountKv, c.KeyLength, c.ValueLength)); // per head, not the cache widths
        Assert.Equal((64, 32, 8, 16), (c.QLoraRank, c.KvLoraRank, c.RopeDimensionCount, c.NopeLength));
        Assert.Equal((1, 1, 96), (c.LeadingDenseBlockCount, c.ExpertSharedCount, c.FeedForwardLength));
        Assert.Equal((16, 4, 32), (c.ExpertCount, c.ExpertUsedCount, c.ExpertFeedForwardLength));
        Assert.Equal((ExpertGating.Sigmoid, 4, 2, 2.5f, true), (c.ExpertGating, c.ExpertGroupCount, c.ExpertGroupUsedCount, c.ExpertWeightsScale, c.ExpertWeightsNorm));
        Assert.Equal(new RopeYarn(4f, 256, 1f), c.Yarn);
        Assert.Equal(RopeStyle.Norm, c.RopeStyle);
    }

    [Theory]
    [InlineData("v2lite")]
    [InlineData("v3")]
    public void BothGgufLayoutsAndConfigJson_GiveTheSameConfig(string variant)
    {
        var legacy = Read(files.Gguf(variant + "-legacy"));
        Assert.Equal(legacy, Read(files.Gguf(variant + "-split")));
        Assert.Equal(legacy, Read(files.Safetensors(variant + "-legacy")));
    }

    [Fact]
    public void V2LiteGguf_NoQLora_SoftmaxUnnormalized_NoYarn()
    {
        var c = Read(files.Gguf("v2lite-legacy"));
        Assert.Equal((0, ExpertGating.Softmax, false, 0, 2), (c.QLoraRank, c.ExpertGating, c.ExpertWeightsNorm, c.ExpertGroupCount, c.ExpertSharedCount));
        Assert.Null(c.Yarn);
    }

    [Fact]
    public void SplitLayout_WrongHeadCountKv_ThrowsNamingTheKey()
    {
        // llama.cpp aborts on this file (README "How correctness is checked"); we refuse it with the key's name.
        string path = Path.Combine(Path.GetTempPath(), $"longdoc-ds2-bad-{Guid.NewGuid():N}.gguf");
        try
        {
            using (var good = GgufFile.Open(files.Gguf("v2lite-split")))
            {
                var w = new GgufWriter();
                foreach (var (k, v) in good.Metadata) w.Add(k, k == "deepseek2.attention.head_count_kv" ? 4u : v);
                foreach (var t in good.Tensors)
                    unsafe { w.AddTensor(t.Name, t.Type, t.Dims, new ReadOnlySpan<byte>(good.TensorData(t), checked((int)t.ByteCount)).ToArray()); }
                w.Write(path);
            }
            var e = Assert.Throws<WeightFormatException>(() => ModelFiles.Open(path).Dispose());
            Assert.Contains("head_count_kv", e.Message);
        }
        finally { File.Delete(path); }
    }
}
