using System.ClientModel;
using System.ClientModel.Primitives;
using System.Diagnostics;
using System.Runtime.CompilerServices;
using LongDoc.Runtime.Chat;
using LongDoc.Runtime.Generation;
using Microsoft.Extensions.AI;
using OpenAI;
using AiMessage = Microsoft.Extensions.AI.ChatMessage;
using ChatMessage = LongDoc.Runtime.Chat.ChatMessage;

namespace LongDoc.Tasks.Models.Remote;

/// <summary>
/// A model served by an OpenAI-compatible engine (vLLM, SGLang, llama-server, Ollama's /v1, another LongDoc) behind
/// <see cref="IDocumentModel"/>. Chat goes through Microsoft.Extensions.AI's <see cref="IChatClient"/> over the OpenAI
/// SDK, the same seam as the local runtime's LocalChatClient, greedy unless <see cref="Sampling"/> says otherwise.
/// The context comes from the engine or the caller (<see cref="OpenAsync"/>), token counts from
/// <see cref="RemoteTokenCounter"/>; a prompt that does not fit is refused here, before it is sent, so the jobs plan
/// it down as with a local model. Up to <see cref="MaxConcurrent"/> calls run at once.
/// </summary>
public sealed class RemoteDocumentModel : IDocumentModel, IDisposable
{
    readonly RemoteHttp http;
    readonly IChatClient client;
    readonly RemoteTokenCounter counter;
    readonly SemaphoreSlim slots;

    /// <summary>Sampling of answers; MaxOutputTokens is set per call. Default greedy, as for local models.</summary>
    public ChatOptions Sampling { get; init; } = new() { Temperature = 0 };

    public string Name { get; }
    public int ContextSize { get; }
    public int MaxConcurrent { get; }
    public RemoteEndpoint Endpoint => http.Endpoint;

    /// <summary>Where the context size and the token counts come from, for the run's log.</summary>
    public string Description { get; }

    RemoteDocumentModel(RemoteHttp http, string model, int context, string contextSource, RemoteTokenCounter counter)
    {
        this.http = http;
        this.counter = counter;
        Name = model;
        ContextSize = context;
        MaxConcurrent = Math.Max(1, http.Options.MaxConcurrent);
        slots = new SemaphoreSlim(MaxConcurrent, MaxConcurrent);
        Description = $"model {model} at {http.Endpoint}: context {context} tokens ({contextSource}), tokens counted by {counter.Source}";
        var options = new OpenAIClientOptions
        {
            Endpoint = http.Endpoint.BaseUri,
            Transport = new HttpClientPipelineTransport(http.Client),
            RetryPolicy = new ClientRetryPolicy(maxRetries: 0),   // RemoteChatStream retries, as its tests say
            NetworkTimeout = http.Options.FirstTokenTimeout,
        };
        client = new OpenAIClient(new ApiKeyCredential(http.Options.ApiKey is { Length: > 0 } key ? key : "no-key"), options)
            .GetChatClient(model).AsIChatClient();
    }

    /// <summary>
    /// Asks the endpoint which models it serves (the endpoint's #model, else the first listed), its context
    /// (max_model_len, llama-server's /props, else <see cref="RemoteModelOptions.ContextSize"/>; a given size wins
    /// over the engine's) and how to count tokens.
    /// </summary>
    public static async Task<RemoteDocumentModel> OpenAsync(RemoteEndpoint endpoint, RemoteModelOptions options, CancellationToken ct = default)
    {
        var http = new RemoteHttp(endpoint, options);
        try
        {
            var models = await RemoteCatalog.ListAsync(http, ct).ConfigureAwait(false);
            var card = endpoint.Model is { } asked
                ? models.FirstOrDefault(m => m.Id == asked) ?? throw http.Fail($"model '{asked}' is not served here; GET /v1/models lists {List(models)}")
                : models.FirstOrDefault() ?? throw http.Fail("GET /v1/models lists no model");
            var (context, source) = options.ContextSize > 0 ? (options.ContextSize, "--ctx / Model:ContextSize")
                : card.MaxModelLen is int n ? (n, "the engine's max_model_len")
                : await RemoteCatalog.PropsContextAsync(http, ct).ConfigureAwait(false) is int p ? (p, "the engine's /props n_ctx")
                : throw http.Fail($"the engine does not say the context size of '{card.Id}': give it with --ctx (Model:ContextSize)");
            var counter = await RemoteTokenCounter.CreateAsync(http, card.Id, ct).ConfigureAwait(false);
            return new RemoteDocumentModel(http, card.Id, context, source, counter);
        }
        catch
        {
            http.Dispose();
            throw;
        }
    }

    static string List(IReadOnlyList<RemoteModelCard> models) => models.Count == 0 ? "none" : string.Join(", ", models.Select(m => $"'{m.Id}'"));

    public int CountTokens(string text) => counter.Count(text);

    public int CountPromptTokens(IReadOnlyList<ChatMessage> messages) => counter.CountPrompt(messages);

    /// <summary>
    /// Streams the engine's answer. The prefill is not observable remotely: <paramref name="onPrefill"/> hears 0 of
    /// the prompt at the start and all of it at the first text.
    /// </summary>
    public IAsyncEnumerable<GenerationChunk> ChatAsync(IReadOnlyList<ChatMessage> messages, int maxTokens,
        Action<int, int, TimeSpan>? onPrefill, CancellationToken cancellationToken)
    {
        var options = Sampling.Clone();
        options.MaxOutputTokens = maxTokens;
        return ChatAsync(messages, options, onPrefill, cancellationToken);
    }

    /// <summary>
    /// The same with the caller's sampling (the service forwards its clients' temperature, top_p, seed and stop);
    /// <see cref="ChatOptions.MaxOutputTokens"/> must be set.
    /// </summary>
    public async IAsyncEnumerable<GenerationChunk> ChatAsync(IReadOnlyList<ChatMessage> messages, ChatOptions options,
        Action<int, int, TimeSpan>? onPrefill, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        int maxTokens = options.MaxOutputTokens ?? throw new ArgumentException("MaxOutputTokens must be set", nameof(options));
        int prompt = CountPromptTokens(messages);
        ContextOverflowException.ThrowIfOverflow(prompt, maxTokens, ContextSize);
        options = options.Clone();
        options.RawRepresentationFactory = _ => LegacyMaxTokens(maxTokens);
        await slots.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            var clock = Stopwatch.StartNew();
            onPrefill?.Invoke(0, prompt, TimeSpan.Zero);
            await using var stream = new RemoteChatStream(client, http, [.. messages.Select(m => new AiMessage(new ChatRole(m.Role), m.Content))], options, cancellationToken);
            bool first = true;
            while (await stream.NextAsync().ConfigureAwait(false))
            {
                var update = stream.Current;
                if (first && update.Text.Length > 0) { onPrefill?.Invoke(prompt, prompt, clock.Elapsed); first = false; }
                if (update.Text.Length > 0) yield return new GenerationChunk(update.Text, null);
                if (update.FinishReason is { } reason)
                    yield return new GenerationChunk("", null, reason == ChatFinishReason.Length ? FinishReason.Length : FinishReason.Stop);
            }
        }
        finally { slots.Release(); }
    }

    // The SDK writes max_completion_tokens; llama-server and Ollama's /v1 read max_tokens (vLLM and LongDoc both): send both.
#pragma warning disable SCME0001 // JsonPatch is marked experimental
    static OpenAI.Chat.ChatCompletionOptions LegacyMaxTokens(int maxTokens)
    {
        var options = new OpenAI.Chat.ChatCompletionOptions();
        options.Patch.Set("$.max_tokens"u8, maxTokens);
        return options;
    }
#pragma warning restore SCME0001

    public void Dispose()
    {
        client.Dispose();
        http.Dispose();
        slots.Dispose();
    }
}
