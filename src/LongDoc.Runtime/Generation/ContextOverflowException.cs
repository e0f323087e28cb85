namespace LongDoc.Runtime.Generation;

/// <summary>
/// A prompt plus the tokens asked for does not fit the model's context. Never truncated silently:
/// the message gives both counts so the caller can shorten the prompt or lower MaxTokens.
/// </summary>
public sealed class ContextOverflowException(int promptTokens, int requestedTokens, int contextSize)
    : Exception($"prompt {promptTokens} tokens + requested {requestedTokens} new tokens = {(long)promptTokens + requestedTokens} > context {contextSize} tokens")
{
    public int PromptTokens { get; } = promptTokens;
    public int RequestedTokens { get; } = requestedTokens;
    public int ContextSize { get; } = contextSize;

    /// <summary>Throws when <paramref name="promptTokens"/> + <paramref name="requestedTokens"/> exceeds <paramref name="contextSize"/>.</summary>
    public static void ThrowIfOverflow(int promptTokens, int requestedTokens, int contextSize)
    {
        if ((long)promptTokens + requestedTokens > contextSize) throw new ContextOverflowException(promptTokens, requestedTokens, contextSize);
    }
}
