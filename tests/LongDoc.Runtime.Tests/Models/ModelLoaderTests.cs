using LongDoc.Runtime.Models;
using LongDoc.Runtime.Weights;
using LongDoc.Testing.Oracle;

namespace LongDoc.Runtime.Tests.Models;

public sealed class ModelLoaderTests(OracleModelFiles files) : IClassFixture<OracleModelFiles>
{
    [Fact]
    public void Load_TinyLlamaOfTheOracleFixture_MatchesLlamaCpp()
    {
        // TinyLlamaGguf is written by other code than RandomModelWriter: a second, independent llama file.
        string path = Path.Combine(Path.GetTempPath(), $"longdoc-llama-{Guid.NewGuid():N}.gguf");
        new TinyLlamaGguf().Write(path);
        try
        {
            int[] prompt = [1, 40, 41, 200, 7, 7, 300];
            var expected = LlamaOracle.Logits(path, prompt, allPositions: false)[0];
            using var model = ModelLoader.Load(path, new RuntimeOptions { KvCacheType = KvCacheType.F32 });
            var logits = new float[model.Config.VocabSize];
            model.Model.Forward(prompt, logits);
            Assert.True(OracleConfigs.RelativeL2(expected, logits) < 1e-4);
        }
        finally { File.Delete(path); }
    }

    [Fact]
    public void For_ArchitectureWithoutBuilder_ThrowsNamingItAndTheSupportedList()
    {
        var config = new ModelConfig { Architecture = "olmoe", ContextLength = 64, EmbeddingLength = 96, BlockCount = 1, HeadCount = 4,
            HeadCountKv = 2, KeyLength = 32, ValueLength = 32, VocabSize = 384, FeedForwardLength = 64 };
        var e = Assert.Throws<NotSupportedException>(() => Architectures.For(config, "model.gguf"));
        Assert.Contains("model.gguf: architecture 'olmoe' is not supported", e.Message);
        Assert.Contains("qwen2, llama, deepseek2, deepseek32, glm-dsa", e.Message);
    }

    [Fact]
    public void Load_DefaultOptions_ModelContextF16CacheAllCores()
    {
        using var model = ModelLoader.Load(files.Gguf("moe-e4-gqa1", GgmlType.F32));
        Assert.Equal(OracleConfigs.Specs["moe-e4-gqa1"].Context, model.Model.ContextSize);
        Assert.Equal(Environment.ProcessorCount, model.Backend.Threads);
        Assert.Equal(KvCacheType.F16, model.Transformer.KvCacheType);
        Assert.Equal("qwen3moe", model.Config.Architecture);
        Assert.Equal(0, model.Model.Position);
    }

    [Fact]
    public void Forward_LogitsOfWrongLength_ThrowsNamingBothSizes()
    {
        using var model = ModelLoader.Load(files.Gguf("dense-gqa2", GgmlType.F32), new RuntimeOptions { Threads = 1 });
        var e = Assert.Throws<ArgumentException>(() => model.Model.Forward([1, 2], new float[5]));
        Assert.Contains("V=384", e.Message);
        Assert.Contains("T*V=768", e.Message);
        Assert.Equal(0, model.Model.Position);
    }

    [Fact]
    public void Forward_TokenOutsideVocabulary_ThrowsAndKeepsPosition()
    {
        using var model = ModelLoader.Load(files.Gguf("dense-gqa2", GgmlType.F32), new RuntimeOptions { Threads = 1, MaxBatch = 2 });
        var e = Assert.Throws<ArgumentOutOfRangeException>(() => model.Model.Forward([1, 2, 3, 384], new float[384]));
        Assert.Contains("384", e.Message);
        Assert.Equal(0, model.Model.Position);
    }
}
