using System.Diagnostics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Security.Cryptography;
using LongDoc.Runtime.AI;
using LongDoc.Runtime.Caching;
using LongDoc.Runtime.Chat;
using LongDoc.Runtime.Generation;
using LongDoc.Runtime.Models;
using LongDoc.Runtime.Tokenizers;
using LongDoc.Tasks.Prompts;
using Microsoft.Extensions.AI;
using AiMessage = Microsoft.Extensions.AI.ChatMessage;
using ChatMessage = LongDoc.Runtime.Chat.ChatMessage;

namespace LongDoc.Tasks.Models;

/// <summary>
/// A model of our runtime behind <see cref="IDocumentModel"/>, on the runtime's <see cref="LocalChatClient"/> so
/// prefix reuse has one code path. Each turn first prefills the part of the prompt that repeats
/// (<see cref="PromptBuilder.DocumentPrefix"/>: system prompt + document) with <see cref="LocalChatClient.PrefillAsync(int[], string?, CancellationToken, IProgress{int}?)"/>:
/// in slices, so progress is reported between them; kept in memory for the next question; and, with
/// <see cref="DocumentKey"/> and <see cref="DocumentCache"/> set, restored from disk by a later process instead of
/// prefilled again. Then the client answers, running only what follows the prefix (the question).
/// One conversation at a time: the model's KV cache is the state.
/// </summary>
public sealed class RuntimeDocumentModel : IDocumentModel, IDisposable
{
    readonly LocalChatClient client;
    readonly bool ownsClient;

    /// <summary>Sampling of answers; MaxOutputTokens is set per call. Default greedy: answers about a document should not vary.</summary>
    public ChatOptions Sampling { get; init; } = new() { Temperature = 0 };

    /// <summary>The document's SHA-256 (Document.Id): with it, document prefixes are keyed for the disk cache; null = memory only.</summary>
    public string? DocumentKey { get; set; }

    /// <summary>Where keyed document prefixes are saved and restored; null = no disk cache.</summary>
    public PromptCacheStore? DocumentCache { get => client.DocumentCache; set => client.DocumentCache = value; }

    /// <summary>Called after each keyed prefix is in the cache: restored from disk, saved to it, or neither (already in memory).</summary>
    public Action<LocalChatClient.PrefixResult>? OnDocumentPrefix { get; set; }

    public string Name { get; }
    public int ContextSize => client.ContextSize;

    /// <summary>Takes ownership of <paramref name="loaded"/>.</summary>
    public RuntimeDocumentModel(LoadedModel loaded, string? chatTemplate = null)
    {
        client = new LocalChatClient(loaded, ModelTokenizers.ChatTemplate(loaded.Files, chatTemplate), ownsModel: true);
        ownsClient = true;
        Name = Path.GetFileName(loaded.Files.Source.TrimEnd('/', '\\'));
    }

    /// <summary>Over a client others use too (a service's one loaded model); the client stays theirs to dispose.</summary>
    public RuntimeDocumentModel(LocalChatClient shared)
    {
        client = shared;
        Name = Path.GetFileName(shared.Model.Files.Source.TrimEnd('/', '\\'));
    }

    /// <summary>Loads the model at <paramref name="path"/> (GGUF file or Hugging Face folder).</summary>
    public static RuntimeDocumentModel Open(string path, RuntimeOptions options, string? chatTemplate = null)
    {
        var loaded = ModelLoader.Load(path, options);
        try { return new RuntimeDocumentModel(loaded, chatTemplate); }
        catch { loaded.Dispose(); throw; }
    }

    public int CountTokens(string text) => client.Tokenizer.Encode(text, addBos: false, parseSpecial: false).Length;

    public int CountPromptTokens(IReadOnlyList<ChatMessage> messages) => client.Encode(Ai(messages)).Length;

    public async IAsyncEnumerable<GenerationChunk> ChatAsync(IReadOnlyList<ChatMessage> messages, int maxTokens,
        Action<int, int, TimeSpan>? onPrefill, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var turns = Ai(messages);
        int[] prompt = client.Encode(turns);
        ContextOverflowException.ThrowIfOverflow(prompt.Length, maxTokens, ContextSize);
        var clock = Stopwatch.StartNew();
        var (prefix, contentKey) = Prefix(messages, prompt);
        if (prefix.Length > 0)
        {
            var result = await client.PrefillAsync(prefix, contentKey, cancellationToken,
                new Reporter(done => onPrefill?.Invoke(done, prompt.Length, clock.Elapsed))).ConfigureAwait(false);
            if (contentKey is not null) OnDocumentPrefix?.Invoke(result);
        }
        var options = Sampling.Clone();
        options.MaxOutputTokens = maxTokens;
        bool first = true;
        await foreach (var update in client.GetStreamingResponseAsync(turns, options, cancellationToken).ConfigureAwait(false))
        {
            if (first) { onPrefill?.Invoke(prompt.Length, prompt.Length, clock.Elapsed); first = false; }
            if (update.Text.Length > 0) yield return new GenerationChunk(update.Text, null);
            if (update.FinishReason is { } reason)
                yield return new GenerationChunk("", null, reason == ChatFinishReason.Length ? FinishReason.Length : FinishReason.Stop);
        }
    }

    // The prompt's tokens that repeat across questions, and the disk-cache key for them. A prompt with a document part
    // repeats up to the end of the document; the two renderings may tokenize the cut differently, so only the tokens
    // both agree on count. Without a document part, all but the last token, in memory only (it still prefills in
    // reported slices). Keyed by the document and a digest of the prefix: summarize and ask (other system prompts),
    // or ask over different BM25 pieces of a long document, are other prefixes of the same document.
    (int[] Tokens, string? ContentKey) Prefix(IReadOnlyList<ChatMessage> messages, int[] prompt)
    {
        if (prompt.Length < 2) return ([], null);
        if (PromptBuilder.DocumentPrefix(messages) is { } head)
        {
            int[] tokens = client.Encode(Ai(head), addGenerationPrompt: false);
            int n = 0, limit = Math.Min(tokens.Length, prompt.Length - 1);
            while (n < limit && tokens[n] == prompt[n]) n++;
            if (n > 0) return (prompt[..n], DocumentKey is { } key ? key + ":" + Digest(prompt.AsSpan(0, n)) : null);
        }
        return (prompt[..^1], null);
    }

    static string Digest(ReadOnlySpan<int> tokens) => Convert.ToHexStringLower(SHA256.HashData(MemoryMarshal.AsBytes(tokens)))[..16];

    static List<AiMessage> Ai(IReadOnlyList<ChatMessage> messages) =>
        [.. messages.Select(m => new AiMessage(new ChatRole(m.Role), m.Content))];

    // Progress<T> posts to the thread pool; the prefill's slices should be reported as they end, in order.
    sealed class Reporter(Action<int> report) : IProgress<int>
    {
        public void Report(int value) => report(value);
    }

    public void Dispose()
    {
        if (ownsClient) client.Dispose();
    }
}
