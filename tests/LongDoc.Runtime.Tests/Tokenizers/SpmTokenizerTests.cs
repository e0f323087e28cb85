using LongDoc.Runtime.Tokenizers;

namespace LongDoc.Runtime.Tests.Tokenizers;

/// <summary>The SPM ("llama") GGUF vocabulary against llama.cpp's llm_tokenizer_spm on the same file.</summary>
public class SpmTokenizerTests
{
    static readonly Lazy<ITokenizer> Ours = new(() => TokenizerFactory.FromGgufMetadata(SpmVocabularyFixture.Metadata(), "spm-vocab.gguf"));
    static readonly Lazy<string> Gguf = new(SpmVocabularyFixture.Write);

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void Encode_MixedText_EqualsLlamaCpp(bool parseSpecial)
    {
        string text = TokenizerTestData.MixedText + " <|im_start|>user\nHallo Welt<|im_end|> <s> Ende";
        var expected = LlamaCppOracle.Tokenize(Gguf.Value, text, parseSpecial, addBos: true);
        TokenAssert.Equal(expected.Tokens, Ours.Value.Encode(text, addBos: true, parseSpecial: parseSpecial), Ours.Value, $"spm special={parseSpecial}");
    }

    [Fact]
    public void Encode_ChineseAndEmoji_FallsBackToByteTokens()
    {
        var ids = Ours.Value.Encode("中🎉");
        // "▁" is a piece; 中 (3 bytes) and 🎉 (4 bytes) are not, so they become <0xNN> tokens 3 + byte
        Assert.Equal(1 + 3 + 4, ids.Length);
        Assert.Equal(3 + 0xE4, ids[1]);
        Assert.Equal(3 + 0xF0, ids[4]);
    }

    [Fact]
    public void Decode_OfEncode_ReturnsTheText()
    {
        // a literal '▁' in the text cannot survive: SPM writes spaces as '▁' and reads every '▁' back as a space
        string text = TokenizerTestData.MixedText.Replace('▁', '_');
        Assert.Equal(text, Ours.Value.Decode(Ours.Value.Encode(text)));
    }

    [Fact]
    public void Encode_SpecialTokenWithParsing_RestartsSpacePrefixAfterIt()
    {
        var t = Ours.Value;
        var ids = t.Encode("<|im_start|>a", parseSpecial: true);
        Assert.Equal(t.Encode("a"), ids[1..]); // "a" after a special token gets its own "▁" prefix, as at the start
    }
}
