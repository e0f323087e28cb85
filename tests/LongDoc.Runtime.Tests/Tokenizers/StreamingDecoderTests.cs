using System.Text;
using LongDoc.Runtime.Tokenizers;

namespace LongDoc.Runtime.Tests.Tokenizers;

public class StreamingDecoderTests
{
    [Theory]
    [InlineData("qwen3")]
    [InlineData("deepseek_v3")]
    public void Push_TokensSplittingEmojiAndCjk_NeverEmitsInvalidUtf8(string model)
    {
        var tokenizer = TokenizerTestData.FromJson(model);
        string text = TokenizerTestData.MixedText;
        var ids = tokenizer.Encode(text, parseSpecial: true);
        Assert.Contains(ids, id => !IsCompleteUtf8(tokenizer.TokenBytes(id))); // the text does split characters
        var decoder = tokenizer.CreateStreamingDecoder();
        var sb = new StringBuilder();
        foreach (int id in ids)
        {
            string piece = decoder.Push(id);
            Assert.DoesNotContain('\uFFFD', piece);
            Assert.False(piece.Length > 0 && char.IsHighSurrogate(piece[^1]), "a piece ends inside a surrogate pair");
            sb.Append(piece);
        }
        sb.Append(decoder.Flush());
        Assert.Equal(text, sb.ToString());
    }

    [Fact]
    public void Flush_IncompleteCharacter_ReturnsReplacementCharacter()
    {
        var tokenizer = TokenizerTestData.FromJson("qwen3");
        var bytes = Encoding.UTF8.GetBytes("🎉"); // F0 9F 8E 89: one byte-level token per byte
        var decoder = tokenizer.CreateStreamingDecoder();
        // the token whose bytes are exactly this one byte
        int ByteToken(byte b) => Enumerable.Range(0, tokenizer.VocabSize).First(id => tokenizer.TokenBytes(id) is [var x] && x == b);
        Assert.Equal("", decoder.Push(ByteToken(bytes[0])));
        Assert.Equal("", decoder.Push(ByteToken(bytes[1])));
        Assert.Equal("\uFFFD", decoder.Flush());
        Assert.Equal("", decoder.Push(ByteToken(bytes[0])));
        Assert.Equal("", decoder.Push(ByteToken(bytes[1])));
        Assert.Equal("", decoder.Push(ByteToken(bytes[2])));
        Assert.Equal("🎉", decoder.Push(ByteToken(bytes[3])));
    }

    static bool IsCompleteUtf8(byte[] bytes)
    {
        try { new UTF8Encoding(false, true).GetString(bytes); return true; }
        catch (DecoderFallbackException) { return false; }
    }
}
