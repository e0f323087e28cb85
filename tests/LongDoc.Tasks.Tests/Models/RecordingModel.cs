using System.Runtime.CompilerServices;
using LongDoc.Runtime.Chat;
using LongDoc.Runtime.Generation;
using LongDoc.Tasks.Models;

namespace LongDoc.Tasks.Tests.Models;

/// <summary>
/// Wraps a model and records every conversation sent to it and every prefill report. With no inner model it
/// replies with <see cref="Reply"/> (one chunk), counting a token per 4 characters.
/// </summary>
sealed class RecordingModel(IDocumentModel? inner = null, int context = 4096) : IDocumentModel
{
    public readonly List<IReadOnlyList<ChatMessage>> Prompts = [];
    public readonly List<(int Done, int Total)> Prefills = [];
    public string Reply { get; init; } = "";

    public string Name => inner?.Name ?? "scripted";
    public int ContextSize => inner?.ContextSize ?? context;
    public int CountTokens(string text) => inner?.CountTokens(text) ?? (text.Length + 3) / 4;
    public int CountPromptTokens(IReadOnlyList<ChatMessage> messages) =>
        inner?.CountPromptTokens(messages) ?? messages.Sum(m => CountTokens(m.Content) + 4);

    public async IAsyncEnumerable<GenerationChunk> ChatAsync(IReadOnlyList<ChatMessage> messages, int maxTokens,
        Action<int, int, TimeSpan>? onPrefill, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        Prompts.Add(messages);
        Action<int, int, TimeSpan> record = (d, t, e) => { Prefills.Add((d, t)); onPrefill?.Invoke(d, t, e); };
        if (inner is null)
        {
            await Task.Yield();
            record(CountPromptTokens(messages), CountPromptTokens(messages), TimeSpan.FromSeconds(1));
            yield return new GenerationChunk(Reply, null, FinishReason.EndOfText);
            yield break;
        }
        await foreach (var chunk in inner.ChatAsync(messages, maxTokens, record, cancellationToken)) yield return chunk;
    }
}
