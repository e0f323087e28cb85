using LongDoc.Runtime.Chat;
using LongDoc.Runtime.Generation;
using Microsoft.Extensions.AI;
using ChatMessage = LongDoc.Runtime.Chat.ChatMessage;

namespace LongDoc.Service.Http;

/// <summary>
/// The OpenAI-compatible endpoints' view of the <see cref="SharedModel"/>: counts a request's prompt and generates.
/// A local model renders and tokenizes the prompt and generates through the shared client, whose queue runs one
/// generation at a time on the device and whose KV cache carries over between requests (a shared prefix is not
/// prefilled again). An engine's model (Model:Endpoint) gets the request forwarded, with the client's sampling.
/// </summary>
public sealed class ChatModel(SharedModel shared)
{
    /// <summary>A counted prompt, ready to generate.</summary>
    public sealed record Prompt(int Tokens, Func<CancellationToken, IAsyncEnumerable<GenerationChunk>> Generate);

    public bool Configured => shared.Configured;

    public string? Name => shared.Name;

    public int DefaultMaxTokens => shared.DefaultMaxTokens;

    /// <summary>The context, where known without loading a model (configured, loaded, or the engine's once opened).</summary>
    public int? KnownContextSize => shared.KnownContextSize;

    /// <summary>A local model's device settings, and once loaded the device it runs on and its placement (<see cref="SharedModel"/>).</summary>
    public (string? Setting, string? Device, string? Placement) Device => (shared.DeviceSetting, shared.LoadedDevice, shared.LoadedPlacement);

    /// <summary>Opens an engine's model (its name is known then); nothing for a local one, which loads on first use.</summary>
    public async Task ReadyAsync(CancellationToken ct)
    {
        if (shared.IsRemote) await shared.RemoteAsync(ct);
    }

    /// <summary>The prompt; throws <see cref="ContextOverflowException"/> (both counts) when it and max tokens do not fit.</summary>
    public async Task<Prompt> PrepareAsync(IReadOnlyList<ChatMessage> messages, SamplingOptions sampling, CancellationToken ct)
    {
        if (shared.IsRemote)
        {
            var remote = await shared.RemoteAsync(ct);
            int count = remote.CountPromptTokens(messages);
            ContextOverflowException.ThrowIfOverflow(count, sampling.MaxTokens, remote.ContextSize);
            return new Prompt(count, token => remote.ChatAsync(messages, Options(sampling), null, token));
        }
        var client = shared.Client;
        var tokens = client.Tokenizer.Encode(client.Template.RenderPrompt(messages, addGenerationPrompt: true));
        ContextOverflowException.ThrowIfOverflow(tokens.Length, sampling.MaxTokens, client.ContextSize);
        return new Prompt(tokens.Length, token => client.GenerateAsync(tokens, sampling, token));
    }

    /// <summary>The text's token count as text, its ids (a local model's; null for an engine's, which gives only its count), and the context.</summary>
    public async Task<(int Count, int[]? Ids, int Context)> TokenizeAsync(string text, CancellationToken ct)
    {
        if (shared.IsRemote)
        {
            var remote = await shared.RemoteAsync(ct);
            return (remote.CountTokens(text), null, remote.ContextSize);
        }
        var client = shared.Client;
        var ids = client.Tokenizer.Encode(text, addBos: false, parseSpecial: false);
        return (ids.Length, ids, client.ContextSize);
    }

    // The sampling a client asked for, as the engine is asked it (top_k, min_p and repetition are not OpenAI's).
    static ChatOptions Options(SamplingOptions s) => new()
    {
        Temperature = s.Temperature, TopP = s.TopP, Seed = s.Seed, MaxOutputTokens = s.MaxTokens,
        StopSequences = s.StopStrings.Count > 0 ? [.. s.StopStrings] : null,
    };
}
