namespace LongDoc.Runtime.Generation;

/// <summary>Why generation ended.</summary>
public enum FinishReason
{
    /// <summary>A stop string appeared (it is not in the output).</summary>
    Stop,
    /// <summary>MaxTokens were generated.</summary>
    Length,
    /// <summary>The model produced an end-of-generation token (EOS, EOT, im_end, ...; not in the output).</summary>
    EndOfText,
}

/// <summary>
/// Token counts and speeds of one generation. <see cref="GeneratedTokens"/> counts every sampled token, the
/// end-of-generation token included (as llama.cpp counts); <see cref="ReusedPromptTokens"/> were already cached.
/// </summary>
public sealed record GenerationStats(
    int PromptTokens,
    int ReusedPromptTokens,
    int GeneratedTokens,
    TimeSpan PrefillTime,
    TimeSpan DecodeTime)
{
    /// <summary>Prompt tokens actually run (the cached prefix is not) per second of prefill.</summary>
    public double PrefillTokensPerSecond => Rate(PromptTokens - ReusedPromptTokens, PrefillTime);
    /// <summary>Tokens fed back one at a time per second of decode (the first token comes from the prefill).</summary>
    public double DecodeTokensPerSecond => Rate(Math.Max(0, GeneratedTokens - 1), DecodeTime);

    static double Rate(int tokens, TimeSpan time) => time > TimeSpan.Zero ? tokens / time.TotalSeconds : 0;
}

/// <summary>
/// A piece of streamed output. <see cref="Text"/> may be empty (a token that ends mid-character, or text held
/// back as a possible stop string). The last chunk has <see cref="FinishReason"/> and <see cref="Stats"/>.
/// </summary>
public sealed record GenerationChunk(string Text, int? TokenId, FinishReason? FinishReason = null, GenerationStats? Stats = null)
{
    public bool IsFinal => FinishReason is not null;
}
