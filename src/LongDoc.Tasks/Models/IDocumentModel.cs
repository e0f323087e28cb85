using LongDoc.Runtime.Chat;
using LongDoc.Runtime.Generation;

namespace LongDoc.Tasks.Models;

/// <summary>
/// What the jobs need from a language model: its context, a token count, and a chat turn streamed back.
/// <see cref="RuntimeDocumentModel"/> runs our runtime; the jobs do not care which model it is.
/// </summary>
public interface IDocumentModel
{
    /// <summary>Shown in outputs ("summary written by ...").</summary>
    string Name { get; }
    /// <summary>Tokens the model's cache holds: prompt plus answer must fit.</summary>
    int ContextSize { get; }
    /// <summary>Conversations the model runs at once (an engine batches them); the local runtime runs one.</summary>
    int MaxConcurrent => 1;
    /// <summary>Tokens the text takes in a prompt (no BOS, special tokens as text).</summary>
    int CountTokens(string text);
    /// <summary>Tokens the rendered conversation takes, with the assistant's turn opened.</summary>
    int CountPromptTokens(IReadOnlyList<ChatMessage> messages);
    /// <summary>
    /// Streams the assistant's reply to the conversation. <paramref name="onPrefill"/> is called as the prompt
    /// is prefilled: (tokens done, tokens total, elapsed).
    /// </summary>
    IAsyncEnumerable<GenerationChunk> ChatAsync(IReadOnlyList<ChatMessage> messages, int maxTokens,
        Action<int, int, TimeSpan>? onPrefill, CancellationToken cancellationToken);
}
