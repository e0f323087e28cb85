using LongDoc.Runtime.Chat;
using LongDoc.Runtime.Generation;

namespace LongDoc.Service.Http;

/// <summary>
/// The OpenAI-compatible endpoints' view of the <see cref="SharedModel"/>: renders and counts a request's prompt,
/// then generates through the shared client, whose queue runs one generation at a time on the device and whose KV
/// cache carries over between requests (a shared prefix is not prefilled again).
/// </summary>
public sealed class ChatModel(SharedModel shared)
{
    public bool Configured => shared.Configured;

    public string? Name => shared.Name;

    public int DefaultMaxTokens => shared.DefaultMaxTokens;

    /// <summary>The prompt's tokens; throws <see cref="ContextOverflowException"/> (both counts) when it and max tokens do not fit.</summary>
    public int[] Prepare(IReadOnlyList<ChatMessage> messages, SamplingOptions sampling)
    {
        var client = shared.Client;
        var tokens = client.Tokenizer.Encode(client.Template.RenderPrompt(messages, addGenerationPrompt: true));
        ContextOverflowException.ThrowIfOverflow(tokens.Length, sampling.MaxTokens, client.ContextSize);
        return tokens;
    }

    public IAsyncEnumerable<GenerationChunk> GenerateAsync(int[] tokens, SamplingOptions sampling, CancellationToken ct) =>
        shared.Client.GenerateAsync(tokens, sampling, ct);
}
