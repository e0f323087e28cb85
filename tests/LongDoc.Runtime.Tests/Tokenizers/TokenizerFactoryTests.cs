using LongDoc.Runtime.Tokenizers;

namespace LongDoc.Runtime.Tests.Tokenizers;

public class TokenizerFactoryTests
{
    [Fact]
    public void FromTokenizerJson_UnsupportedNormalizer_ThrowsNamingTheFile()
    {
        string path = TokenizerTestData.TempFile("bad-normalizer.json");
        File.WriteAllText(path, """
            {"added_tokens": [], "normalizer": {"type": "Lowercase"}, "pre_tokenizer": {"type": "ByteLevel", "add_prefix_space": false, "use_regex": true},
             "model": {"type": "BPE", "vocab": {"a": 0}, "merges": []}}
            """);
        var e = Assert.Throws<InvalidDataException>(() => TokenizerFactory.FromTokenizerJson(path, null));
        Assert.Contains("bad-normalizer.json", e.Message);
        Assert.Contains("Lowercase", e.Message);
    }
}
