using LongDoc.Runtime.Models;

namespace LongDoc.Runtime.Tests.Models;

/// <summary>The default context's arithmetic on made-up machines: free memory, weights and bytes per token are inputs.</summary>
public sealed class DefaultContextTests
{
    const long Gb = 1_000_000_000;

    static MemoryFacts Facts(long? ram, long weights = 0, long perToken = 1000, long? device = null, long devicePerToken = 1000) =>
        new(ram, device, weights, perToken, devicePerToken);

    [Fact]
    public void Choose_NoCtxPlentyOfRam_TheModelsTrainedContext()
    {
        var choice = DefaultContext.Choose(0, 131072, Facts(64 * Gb, weights: 5 * Gb, perToken: 28_000));
        Assert.Equal(131072, choice.Tokens);
        Assert.Equal("context 131072 (the model's; KV cache and buffers 3.7 GB of 64.0 GB free RAM)", choice.Notice);
    }

    [Fact]
    public void Choose_RamShort_HalfOfWhatTheWeightsLeaveRoundedTo4096()
    {
        // (9.1 GB - 1.1 GB) / 2 = 4 GB; / 280 kB = 14285.7 tokens -> 12288 (a multiple of 4096)
        var choice = DefaultContext.Choose(0, 131072, Facts((long)(9.1 * Gb), weights: (long)(1.1 * Gb), perToken: 280_000));
        Assert.Equal(12288, choice.Tokens);
        Assert.Equal("context 12288 (model 131072, capped by 9.1 GB free RAM: 280.0 KB a token, at most 50% of what the 1.1 GB of weights leave)", choice.Notice);
        // below 8192: multiples of 256 (4 GB / 700 kB = 5714 -> 5632)
        Assert.Equal(5632, DefaultContext.Choose(0, 131072, Facts((long)(9.1 * Gb), weights: (long)(1.1 * Gb), perToken: 700_000)).Tokens);
    }

    [Fact]
    public void Choose_DeviceShorterThanRam_CappedByTheDevice()
    {
        // device: (10 GB - 2 GB) / 2 / 100 kB = 40000 -> 36864; RAM would allow 300000
        var choice = DefaultContext.Choose(0, 131072, Facts(62 * Gb, weights: 2 * Gb, perToken: 100_000, device: 10 * Gb, devicePerToken: 100_000));
        Assert.Equal(36864, choice.Tokens);
        Assert.Contains("capped by 10.0 GB free device memory", choice.Notice);
    }

    /// <summary>A model larger than the device, placed in part (--gpu-layers, --experts cpu): the device cap counts the
    /// placed weights, not the whole file.</summary>
    [Fact]
    public void Choose_PlacedDeviceWeights_CappedByWhatThePlacedWeightsLeave()
    {
        // device: (10 GB - 6 GB placed) / 2 / 100 kB = 20000 -> 16384; the 40 GB file alone would leave nothing
        var facts = new MemoryFacts(200 * Gb, 10 * Gb, 40 * Gb, 100_000, 100_000, DeviceWeightBytes: 6 * Gb);
        var choice = DefaultContext.Choose(0, 131072, facts);
        Assert.Equal(16384, choice.Tokens);
        Assert.Contains("capped by 10.0 GB free device memory", choice.Notice);
    }

    [Fact]
    public void Choose_FreeRamUnknown_TheFormer8192Cap()
    {
        var choice = DefaultContext.Choose(0, 40960, Facts(null));
        Assert.Equal(8192, choice.Tokens);
        Assert.Contains("free RAM unknown", choice.Notice);
        Assert.Equal(2048, DefaultContext.Choose(0, 2048, Facts(null)).Tokens);
    }

    [Fact]
    public void Choose_WeightsTakeAllTheRam_RaisedToTheFloorSayingSo()
    {
        var choice = DefaultContext.Choose(0, 131072, Facts(8 * Gb, weights: 20 * Gb, perToken: 50_000));
        Assert.Equal(DefaultContext.Floor, choice.Tokens);
        Assert.Contains("memory is short", choice.Notice);
        Assert.Equal(1000, DefaultContext.Choose(0, 1000, Facts(8 * Gb, weights: 20 * Gb)).Tokens); // a model smaller than the floor keeps its own
    }

    [Fact]
    public void Choose_ExplicitCtxPastTheTrainedContext_WinsWithAWarning()
    {
        var choice = DefaultContext.Choose(65536, 32768, Facts(1 * Gb, perToken: 1_000_000));
        Assert.Equal(65536, choice.Tokens);
        Assert.StartsWith("warning: context 65536 is more than the 32768 tokens the model was trained for", choice.Notice);
        Assert.Equal(new ContextChoice(4096, null), DefaultContext.Choose(4096, 32768, Facts(null)));
    }

    [Fact]
    public void Choose_ExplicitCtxPastTheFreeRam_WinsWithAWarning()
    {
        // 32768 x 280 kB = 9.2 GB > 9.1 GB free - 1.1 GB of weights
        var choice = DefaultContext.Choose(32768, 131072, Facts((long)(9.1 * Gb), weights: (long)(1.1 * Gb), perToken: 280_000));
        Assert.Equal(32768, choice.Tokens);
        Assert.Equal("warning: context 32768 takes 9.2 GB for the KV cache and buffers, more than the 9.1 GB of free RAM leave after the 1.1 GB of weights", choice.Notice);
        Assert.Null(DefaultContext.Choose(16384, 131072, Facts((long)(9.1 * Gb), weights: (long)(1.1 * Gb), perToken: 280_000)).Notice);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(-1)]
    [InlineData(int.MinValue)]
    public void Choose_ModelContextNotPositive_ThrowsNamingIt(int trained)
    {
        var e = Assert.Throws<ArgumentOutOfRangeException>(() => DefaultContext.Choose(0, trained, Facts(8 * Gb)));
        Assert.Contains($"context of {trained} tokens", e.Message);
    }

    [Fact]
    public void Choose_ModelContextOfInt32Max_CappedAtTheCeiling()
    {
        var choice = DefaultContext.Choose(0, int.MaxValue, Facts(long.MaxValue / 4, perToken: 1));
        Assert.Equal(DefaultContext.Ceiling, choice.Tokens);
        Assert.Contains($"capped at the runtime's largest default, {DefaultContext.Ceiling}", choice.Notice);
    }

    static ModelConfig Config(int context, RopeYarn? yarn = null) => new()
    {
        Architecture = "qwen3", ContextLength = context, EmbeddingLength = 64, BlockCount = 2, HeadCount = 4, HeadCountKv = 2,
        KeyLength = 16, ValueLength = 16, VocabSize = 320, FeedForwardLength = 64, Yarn = yarn,
    };

    [Fact]
    public void Trained_YarnDeclared_FactorTimesOriginalContext()
    {
        Assert.Equal(163840, DefaultContext.Trained(Config(4096, new RopeYarn(40f, 4096, 1f))).Tokens);
        Assert.Equal(163840, DefaultContext.Trained(Config(163840, new RopeYarn(40f, 4096, 1f))).Tokens); // GGUF: already extended
    }

    [Fact]
    public void Trained_AbsurdYarn_ClampedOrIgnored()
    {
        Assert.Equal(int.MaxValue, DefaultContext.Trained(Config(4096, new RopeYarn(float.MaxValue, 4096, 1f))).Tokens);
        Assert.Equal(4096, DefaultContext.Trained(Config(4096, new RopeYarn(float.NaN, 4096, 1f))).Tokens);
        Assert.Equal(4096, DefaultContext.Trained(Config(4096, new RopeYarn(-3f, 4096, 1f))).Tokens);
    }

    [Fact]
    public void Trained_GgufRopeScalingTheRuntimeDoesNotApply_TheOriginalContext()
    {
        var gguf = new Dictionary<string, object> { ["qwen3.rope.scaling.type"] = "yarn", ["qwen3.rope.scaling.original_context_length"] = 32768u };
        var (tokens, note) = DefaultContext.Trained(Config(131072), gguf);
        Assert.Equal(32768, tokens);
        Assert.Equal("the model's yarn rope scaling to 131072 is not applied by this runtime", note);
        Assert.Contains(note!, DefaultContext.Choose(0, tokens, Facts(null), note).Notice);
        gguf["qwen3.rope.scaling.original_context_length"] = 32768UL;                      // uint64, as some tools write it
        Assert.Equal(32768, DefaultContext.Trained(Config(131072), gguf).Tokens);
        gguf["qwen3.rope.scaling.original_context_length"] = "32768";                      // not a number: the context as declared
        Assert.Equal(131072, DefaultContext.Trained(Config(131072), gguf).Tokens);
    }
}

/// <summary>The default context through <see cref="ModelLoader"/>: a random model whose context fits any test machine.</summary>
public sealed class DefaultContextLoaderTests : IDisposable
{
    readonly DirectoryInfo _dir = Directory.CreateTempSubdirectory("longdoc-default-ctx-");

    string Write(LongDoc.Testing.RandomModels.RandomModelSpec spec)
    {
        string path = Path.Combine(_dir.FullName, $"{spec.Architecture}-{spec.Context}.gguf");
        LongDoc.Testing.RandomModels.RandomModelWriter.WriteGguf(spec, path);
        return path;
    }

    [Fact]
    public void Load_NoCtx_TheModelsWholeContextPast8192SaidOnTheLog()
    {
        var lines = new List<string>();
        using var model = ModelLoader.Load(Write(new() { Architecture = "qwen3", Context = 20000 }), new RuntimeOptions { Threads = 1, Log = lines.Add });
        Assert.Equal(20000, model.Model.ContextSize);
        Assert.Contains(lines, l => l.StartsWith("context 20000 (the model's; KV cache and buffers ", StringComparison.Ordinal));
    }

    [Fact]
    public void Load_CtxPastTheModels_WarnsAndKeepsIt()
    {
        var lines = new List<string>();
        using var model = ModelLoader.Load(Write(new() { Architecture = "qwen3", Context = 512 }), new RuntimeOptions { Threads = 1, ContextSize = 1024, Log = lines.Add });
        Assert.Equal(1024, model.Model.ContextSize);
        Assert.Contains(lines, l => l.StartsWith("warning: context 1024 is more than the 512 tokens the model was trained for", StringComparison.Ordinal));
    }

    [Fact]
    public void Load_DeepSeek2WithYarn_TheExtendedContext()
    {
        // the GGUF says context_length 128 and YaRN x4 over 64: the trained context is the larger of 128 and 4 x 64
        using var model = ModelLoader.Load(Write(new() { Architecture = "deepseek2", Context = 128, YarnFactor = 4, YarnOriginalContext = 64 }),
            new RuntimeOptions { Threads = 1 });
        Assert.Equal(256, model.Model.ContextSize);
    }

    [Fact]
    public void Load_GgufContextZero_RefusedNamingTheKey()
    {
        var e = Assert.Throws<LongDoc.Runtime.Weights.WeightFormatException>(() => ModelLoader.Load(Write(new() { Architecture = "qwen3", Context = 0 })));
        Assert.Contains("qwen3.context_length", e.Message);
        Assert.Contains("must be a positive int32", e.Message);
    }

    [Theory]
    [InlineData("0", "must be positive")]
    [InlineData("-4096", "expected a non-negative integer")]
    [InlineData("1099511627776", "expected a non-negative integer")]     // 2^40
    [InlineData("\"lots\"", "expected a non-negative integer")]
    public void FromHfConfig_AbsurdMaxPositionEmbeddings_RefusedNamingTheKey(string value, string problem)
    {
        string path = Path.Combine(_dir.FullName, "config.json");
        File.WriteAllText(path, $$"""
            { "architectures": ["Qwen3ForCausalLM"], "hidden_size": 64, "num_hidden_layers": 2, "num_attention_heads": 4,
              "num_key_value_heads": 2, "head_dim": 16, "intermediate_size": 64, "vocab_size": 320, "max_position_embeddings": {{value}} }
            """);
        var e = Assert.Throws<LongDoc.Runtime.Weights.WeightFormatException>(() => ModelConfigReader.FromHfConfig(path));
        Assert.Contains("max_position_embeddings", e.Message);
        Assert.Contains(problem, e.Message);
    }

    public void Dispose() => _dir.Delete(recursive: true);
}
