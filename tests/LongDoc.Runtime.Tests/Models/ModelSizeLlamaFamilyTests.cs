using LongDoc.Runtime.Models;
using LongDoc.Testing.RandomModels;

namespace LongDoc.Runtime.Tests.Models;

/// <summary>`model info`'s counts for Mixtral (GGUF and folder, whose expert names differ) and qwen2 (biases count).</summary>
public sealed class ModelSizeLlamaFamilyTests
{
    static (ModelSize.Report Report, long Total) Measure(RandomModelSpec spec, bool safetensors)
    {
        var dir = Directory.CreateTempSubdirectory("longdoc-size-");
        try
        {
            string path = safetensors ? dir.FullName : Path.Combine(dir.FullName, "m.gguf");
            if (safetensors) RandomModelWriter.WriteSafetensors(spec, path); else RandomModelWriter.WriteGguf(spec, path);
            using var files = ModelFiles.Open(path);
            return (ModelSize.Of(files.Config, files.Weights), RandomWeights.Generate(spec).Sum(t => t.Shape.Aggregate(1L, (a, b) => a * b)));
        }
        finally { dir.Delete(recursive: true); }
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Of_Mixtral_CountsOnlyTheRoutedExpertsInUse(bool safetensors)
    {
        var s = new RandomModelSpec { Architecture = "llama", Experts = 8, ExpertsUsed = 2 };
        var (report, total) = Measure(s, safetensors);
        Assert.Equal(total, report.TotalParameters);
        Assert.Equal(total - (long)s.Layers * (s.Experts - s.ExpertsUsed) * 3 * s.Embedding * s.ExpertFfn, report.ActiveParameters);
        Assert.Equal((long)s.Layers * s.KvHeads * 2 * s.HeadDim * 2, report.KvBytesPerTokenF16);
    }

    [Fact]
    public void Of_Qwen2_DenseWithBiases_AllParametersActive()
    {
        var s = new RandomModelSpec { Architecture = "qwen2", Embedding = 128, Heads = 4, KvHeads = 2, HeadDim = 32 };
        var (report, total) = Measure(s, safetensors: false);
        Assert.Equal(total, report.TotalParameters);
        Assert.Equal(total, report.ActiveParameters);
        // the biases are in the total: H*Dh + 2*Hkv*Dh per layer
        Assert.True(RandomWeights.Generate(s).Count(t => t.InternalName.EndsWith(".bias", StringComparison.Ordinal)) == 3 * s.Layers);
    }
}
