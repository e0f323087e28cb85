using System.Text.Json.Nodes;
using RustTokenizer = Tokenizers.DotNet.Tokenizer;

namespace LongDoc.Runtime.Tests.Tokenizers;

/// <summary>Our byte-level BPE on the real tokenizer.json against Hugging Face's Rust tokenizers on the same file.</summary>
public class TokenizerJsonVsRustTests
{
    static readonly Dictionary<(string, bool), Lazy<RustTokenizer>> Rust = new()
    {
        [("qwen3", true)] = new(() => new RustTokenizer(vocabPath: TokenizerTestData.TokenizerJsonPath("qwen3"))),
        [("deepseek_v3", true)] = new(() => new RustTokenizer(vocabPath: TokenizerTestData.TokenizerJsonPath("deepseek_v3"))),
        [("qwen3", false)] = new(() => new RustTokenizer(vocabPath: WithoutSpecialTokens("qwen3"))),
        [("deepseek_v3", false)] = new(() => new RustTokenizer(vocabPath: WithoutSpecialTokens("deepseek_v3"))),
    };

    // The binding has no switch for tokenizers' encode_special_tokens, so "special parsing off" is a copy of
    // tokenizer.json whose special added tokens have texts that never occur (private-use characters): the text is then
    // tokenized as plain text, as ours does. Removing them instead would renumber the remaining added tokens.
    static string WithoutSpecialTokens(string model)
    {
        var root = JsonNode.Parse(File.ReadAllText(TokenizerTestData.TokenizerJsonPath(model)))!;
        var added = root["added_tokens"]!.AsArray();
        var vocab = root["model"]!["vocab"]!.AsObject();
        foreach (var special in added.Where(a => a!["special"]!.GetValue<bool>()))
        {
            string content = special!["content"]!.GetValue<string>(), renamed = $"\uE000{special["id"]}\uE001";
            special["content"] = renamed;
            // one that is also in model.vocab is renamed there too, or tokenizers would give it a new id
            if (vocab.Remove(content)) vocab[renamed] = special["id"]!.GetValue<int>();
        }
        string path = TokenizerTestData.TempFile($"{model}-nospecial.json");
        File.WriteAllText(path, root.ToJsonString());
        return path;
    }

    static int[] RustEncode(string model, bool parseSpecial, string text) =>
        Rust[(model, parseSpecial)].Value.Encode(text).Select(id => (int)id).ToArray();

    [Theory]
    [InlineData("qwen3", true)]
    [InlineData("qwen3", false)]
    [InlineData("deepseek_v3", true)]
    [InlineData("deepseek_v3", false)]
    public void Encode_MixedText_EqualsRustTokenizers(string model, bool parseSpecial)
    {
        var ours = TokenizerTestData.FromJson(model);
        string text = TokenizerTestData.MixedText;
        TokenAssert.Equal(RustEncode(model, parseSpecial, text), ours.Encode(text, parseSpecial: parseSpecial), ours, $"{model} special={parseSpecial}");
    }

    [Theory]
    [InlineData("qwen3")]
    [InlineData("deepseek_v3")]
    public void Encode_EdgeCases_EqualsRustTokenizers(string model)
    {
        var ours = TokenizerTestData.FromJson(model);
        string[] cases =
        [
            "", " ", "   ", "\n\n\n", " \t \n ", "a", "it's I'LL we'Re 'S", "1234567890", "١٢٣ ٤٥٦", "x  \n  y",
            "Cafe\u0301 e\u0301te\u0301 A\u030A", // decomposed: Qwen3 normalizes to NFC, DeepSeek-V3 does not
            "🏳️‍🌈🧑🏿‍🚀 𝕳𝖊𝖑𝖑𝖔 𝟙𝟚𝟛", "~~~ a~b ~ ~x", "<|im_start|><|im_start|>x<|im_end", "<think></think>",
            "\u00A0\u2003\u3000 spaces", "tab\there\r\nnext", "ＡＢＣ１２３", "ﬁ ﬂ Ⅻ ½",
        ];
        foreach (var text in cases)
            TokenAssert.Equal(RustEncode(model, true, text), ours.Encode(text, parseSpecial: true), ours, $"{model} «{text}»");
    }

    [Theory]
    [InlineData("qwen3")]
    [InlineData("deepseek_v3")]
    public void Decode_OfEncode_ReturnsTheNfcText(string model)
    {
        var ours = TokenizerTestData.FromJson(model);
        string text = TokenizerTestData.MixedText; // already NFC
        Assert.Equal(text, ours.Decode(ours.Encode(text, parseSpecial: true)));
        Assert.Equal(text, ours.Decode(ours.Encode(text, parseSpecial: false)));
    }

    [Theory]
    [InlineData("qwen3")]
    [InlineData("deepseek_v3")]
    public void Decode_SplitEmojiTokens_EqualsRustTokenizers(string model)
    {
        var ours = TokenizerTestData.FromJson(model);
        var ids = ours.Encode("family 👨‍👩‍👧‍👦 rare 𠀀 done");
        Assert.Equal(Rust[(model, true)].Value.Decode(ids.Select(i => (uint)i).ToArray()), ours.Decode(ids));
        // half a token sequence: the cut character becomes U+FFFD, as in Rust
        var half = ids[..(ids.Length / 2)];
        Assert.Equal(Rust[(model, true)].Value.Decode(half.Select(i => (uint)i).ToArray()), ours.Decode(half));
    }
}
