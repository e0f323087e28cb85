namespace LongDoc.Runtime.Tokenizers;

/// <summary>Text to token ids and back, as the model was trained (from GGUF tokenizer.ggml.* or tokenizer.json).</summary>
public interface ITokenizer
{
    int VocabSize { get; }
    int? BosId { get; }
    int? EosId { get; }
    /// <summary>Whether a BOS token is put in front of a prompt (tokenizer.ggml.add_bos_token).</summary>
    bool AddBos { get; }
    /// <summary>Tokens that end generation (EOS, EOT, im_end, ...).</summary>
    IReadOnlySet<int> EndOfGeneration { get; }
    /// <summary>Encodes <paramref name="text"/>. <paramref name="parseSpecial"/>: text like "&lt;|im_start|&gt;" becomes its special token.</summary>
    int[] Encode(string text, bool addBos = false, bool parseSpecial = false);
    /// <summary>
    /// Encodes a rendered chat prompt (no BOS added: the template writes its own). Special tokens are parsed in the
    /// template's markup only; the messages' text is always text, whatever it holds.
    /// </summary>
    int[] Encode(Chat.RenderedPrompt prompt);
    /// <summary>Decodes ids to text; invalid UTF-8 becomes U+FFFD.</summary>
    string Decode(ReadOnlySpan<int> ids);
    /// <summary>The raw bytes of one token (byte-level BPE and SPM byte tokens resolved).</summary>
    byte[] TokenBytes(int id);
    /// <summary>A decoder that emits text only when it is valid UTF-8 (streaming).</summary>
    StreamingDecoder CreateStreamingDecoder() => new(this);
}
