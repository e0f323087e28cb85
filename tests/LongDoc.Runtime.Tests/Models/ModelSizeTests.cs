using LongDoc.Runtime.Models;
using LongDoc.Testing.RandomModels;

namespace LongDoc.Runtime.Tests.Models;

public class ModelSizeTests
{
    static (ModelSize.Report Report, long Total, RandomModelSpec Spec) Measure(RandomModelSpec spec, bool safetensors)
    {
        var dir = Directory.CreateTempSubdirectory("longdoc-size-");
        try
        {
            string path = safetensors ? dir.FullName : Path.Combine(dir.FullName, "m.gguf");
            if (safetensors) RandomModelWriter.WriteSafetensors(spec, path); else RandomModelWriter.WriteGguf(spec, path);
            using var files = ModelFiles.Open(path);
            long total = RandomWeights.Generate(spec).Sum(t => t.Shape.Aggregate(1L, (a, b) => a * b));
            return (ModelSize.Of(files.Config, files.Weights), total, spec);
        }
        finally { dir.Delete(recursive: true); }
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Of_Qwen3Moe_CountsEveryTensorAndOnlyTheRoutedExpertsInUse(bool safetensors)
    {
        var (report, total, s) = Measure(new RandomModelSpec { Experts = 8, ExpertsUsed = 2 }, safetensors);
        Assert.Equal(total, report.TotalParameters);
        long idle = (long)s.Layers * (s.Experts - s.ExpertsUsed) * 3 * s.Embedding * s.ExpertFfn;
        Assert.Equal(total - idle, report.ActiveParameters);
        Assert.Equal((long)s.Layers * s.KvHeads * 2 * s.HeadDim * 2, report.KvBytesPerTokenF16);
    }

    [Fact]
    public void Of_DeepSeek2_CachesTheLatentAndKeepsSharedExpertsActive()
    {
        var spec = DeepSeek2Configs.Specs["v2lite-split"];
        var (report, total, s) = Measure(spec, safetensors: false);
        Assert.Equal(total, report.TotalParameters);
        int moeLayers = s.Layers - s.LeadingDense;
        long idle = (long)moeLayers * (s.Experts - s.ExpertsUsed) * 3 * s.Embedding * s.ExpertFfn;
        Assert.Equal(total - idle, report.ActiveParameters);
        // MLA caches one (kv_lora + rope) latent per token and layer, not K and V per head
        Assert.Equal((long)s.Layers * (s.KvLoraRank + s.RopeDims) * 4, report.KvBytesPerTokenF32);
    }
}
