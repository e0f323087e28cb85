using LongDoc.Runtime.Generation;
using Microsoft.Extensions.AI;
using FinishReason = LongDoc.Runtime.Generation.FinishReason;

namespace LongDoc.Runtime.AI;

/// <summary>
/// Microsoft.Extensions.AI's ChatOptions -> our SamplingOptions, and our finish reasons back. An option the caller
/// leaves null keeps llama.cpp's default (SamplingOptions); an option we cannot honour is an error, not ignored.
/// </summary>
public static class ChatOptionsMapping
{
    /// <summary>Most new tokens when ChatOptions.MaxOutputTokens is not set.</summary>
    public const int DefaultMaxOutputTokens = 512;

    public static SamplingOptions ToSampling(ChatOptions? options)
    {
        var s = new SamplingOptions { MaxTokens = DefaultMaxOutputTokens };
        if (options is null) return s;
        if (options.Tools is { Count: > 0 }) throw new NotSupportedException("LocalChatClient: tool calls are not supported");
        s = s with
        {
            Temperature = options.Temperature ?? s.Temperature,
            TopP = options.TopP ?? s.TopP,
            TopK = options.TopK ?? s.TopK,
            MaxTokens = options.MaxOutputTokens ?? s.MaxTokens,
            StopStrings = options.StopSequences is { } stops ? [.. stops] : s.StopStrings,
            // Random takes an int seed; fold the long so every 64-bit seed still gives a reproducible stream.
            Seed = options.Seed is long seed ? unchecked((int)seed ^ (int)(seed >> 32)) : s.Seed,
        };
        s.Validate();
        return s;
    }

    // An end-of-generation token and a stop string are both a natural stop to an IChatClient caller.
    static readonly Dictionary<FinishReason, ChatFinishReason> Reasons = new()
    {
        [FinishReason.Stop] = ChatFinishReason.Stop,
        [FinishReason.EndOfText] = ChatFinishReason.Stop,
        [FinishReason.Length] = ChatFinishReason.Length,
    };

    public static ChatFinishReason ToChat(FinishReason reason) => Reasons[reason];

    public static UsageDetails ToUsage(GenerationStats stats) => new()
    {
        InputTokenCount = stats.PromptTokens,
        OutputTokenCount = stats.GeneratedTokens,
        TotalTokenCount = (long)stats.PromptTokens + stats.GeneratedTokens,
        CachedInputTokenCount = stats.ReusedPromptTokens,
    };
}
