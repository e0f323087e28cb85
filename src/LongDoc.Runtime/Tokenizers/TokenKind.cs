namespace LongDoc.Runtime.Tokenizers;

/// <summary>Token types, numbered as GGUF tokenizer.ggml.token_type (llama.cpp's llama_token_type).</summary>
public enum TokenKind
{
    Undefined = 0,
    Normal = 1,
    Unknown = 2,
    /// <summary>Special: recognised in text only when parsing special tokens (&lt;|im_start|&gt;).</summary>
    Control = 3,
    /// <summary>Added token recognised in text always (&lt;think&gt;).</summary>
    UserDefined = 4,
    Unused = 5,
    /// <summary>SentencePiece byte fallback &lt;0xNN&gt;.</summary>
    Byte = 6,
}
