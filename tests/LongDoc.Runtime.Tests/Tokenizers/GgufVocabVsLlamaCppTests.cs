using LongDoc.Runtime.Tokenizers;

namespace LongDoc.Runtime.Tests.Tokenizers;

/// <summary>Our tokenizer built from GGUF tokenizer.ggml.* metadata against llama.cpp on the same GGUF.</summary>
public class GgufVocabVsLlamaCppTests
{
    static readonly Dictionary<string, Lazy<ITokenizer>> Ours = new()
    {
        ["qwen3"] = new(() => TokenizerFactory.FromGgufMetadata(GgufVocabularyWriter.Metadata(GgufVocabularyWriter.Qwen3), "qwen3-vocab.gguf")),
        ["deepseek_v3"] = new(() => TokenizerFactory.FromGgufMetadata(GgufVocabularyWriter.Metadata(GgufVocabularyWriter.DeepSeekV3), "deepseek_v3-vocab.gguf")),
        ["glm4"] = new(() => TokenizerFactory.FromGgufMetadata(GgufVocabularyWriter.Metadata(GgufVocabularyWriter.Glm4), "glm4-vocab.gguf")),
    };

    static GgufVocabularyWriter.Model Model(string name) => name switch
    {
        "qwen3" => GgufVocabularyWriter.Qwen3,
        "glm4" => GgufVocabularyWriter.Glm4,
        _ => GgufVocabularyWriter.DeepSeekV3,
    };

    // llama.cpp's \p{S} lacks '~' (a known llama.cpp difference; ours follows tokenizer.json), so DeepSeek-V3 is
    // compared on text without it.
    static string TextFor(string model) =>
        model == "deepseek_v3" ? TokenizerTestData.MixedText.Replace('~', '-') : TokenizerTestData.MixedText;

    [Theory]
    [InlineData("qwen3", true)]
    [InlineData("qwen3", false)]
    [InlineData("deepseek_v3", true)]
    [InlineData("deepseek_v3", false)]
    [InlineData("glm4", true)]
    [InlineData("glm4", false)]
    public void Encode_MixedText_EqualsLlamaCpp(string model, bool parseSpecial)
    {
        var ours = Ours[model].Value;
        string text = TextFor(model);
        var expected = LlamaCppOracle.Tokenize(GgufVocabularyWriter.Write(Model(model)), text, parseSpecial, addBos: ours.AddBos);
        TokenAssert.Equal(expected.Tokens, ours.Encode(text, addBos: ours.AddBos, parseSpecial: parseSpecial), ours, $"{model} gguf special={parseSpecial}");
    }

    [Fact]
    public void FromGgufMetadata_Qwen3_ReadsSpecialIdsAndEndOfGeneration()
    {
        var t = Ours["qwen3"].Value;
        Assert.Equal((151_936, 151_643, 151_645, false), (t.VocabSize, t.BosId, t.EosId, t.AddBos));
        Assert.Contains(151_645, t.EndOfGeneration); // <|im_end|>
        Assert.Contains(151_643, t.EndOfGeneration); // <|endoftext|>
    }

    [Fact]
    public void FromGgufMetadata_UnknownPreTokenizer_ThrowsNamingFileAndKey()
    {
        var metadata = GgufVocabularyWriter.Metadata(GgufVocabularyWriter.Qwen3);
        metadata["tokenizer.ggml.pre"] = "starcoder-9";
        var e = Assert.Throws<InvalidDataException>(() => TokenizerFactory.FromGgufMetadata(metadata, "m.gguf"));
        Assert.Contains("m.gguf", e.Message);
        Assert.Contains("tokenizer.ggml.pre 'starcoder-9'", e.Message);
    }
}
