using LongDoc.Runtime.AI;
using LongDoc.Runtime.Chat;
using LongDoc.Runtime.Models;
using LongDoc.Tasks.Models;
using Microsoft.Extensions.Options;

namespace LongDoc.Service.Http;

/// <summary>
/// The service's one loaded model (section "Model"), loaded on first use and shared by everything that runs it:
/// summaries of the job worker, /ask and the OpenAI-compatible chat. Generations queue per model inside
/// <see cref="LocalChatClient"/>; a document conversation (prefill the document, then answer or summarize, possibly
/// several turns) also holds <see cref="EnterDocumentAsync"/> so two of them do not take turns evicting each other's
/// document from the KV cache.
/// </summary>
public sealed class SharedModel : IDisposable
{
    readonly ModelOptions _o;
    readonly Lazy<LocalChatClient> _client;
    readonly Lazy<RuntimeDocumentModel> _documents;
    readonly SemaphoreSlim _document = new(1, 1);
    int _loads;

    public SharedModel(IOptions<ModelOptions> options)
    {
        _o = options.Value;
        _client = new(() =>
        {
            Interlocked.Increment(ref _loads);
            var template = string.IsNullOrWhiteSpace(_o.ChatTemplate) ? null : _o.ChatTemplate;
            return LocalChatClient.Open(_o.Path!, new RuntimeOptions { ContextSize = _o.ContextSize, Threads = _o.Threads }, template, Name);
        });
        _documents = new(() => new RuntimeDocumentModel(Client));
    }

    public bool Configured => !string.IsNullOrWhiteSpace(_o.Path);

    /// <summary>The id in /v1/models: the configured name, else the file or folder name.</summary>
    public string? Name => !Configured ? null : string.IsNullOrWhiteSpace(_o.Name) ? Path.GetFileName(_o.Path!.TrimEnd('/')) : _o.Name;

    public int DefaultMaxTokens => _o.DefaultMaxTokens;

    /// <summary>How many times the model was loaded: 1 after first use, whatever used it (the point of this class).</summary>
    public int Loads => Volatile.Read(ref _loads);

    public LocalChatClient Client => Configured ? _client.Value : throw new InvalidOperationException("Model:Path is not set: no model is configured");

    /// <summary>The model as LongDoc.Tasks' document model (asks and summaries), over the same client.</summary>
    public RuntimeDocumentModel Documents => _documents.Value;

    /// <summary>Waits for the document conversation's turn; dispose the result to let the next one run.</summary>
    public async Task<IDisposable> EnterDocumentAsync(CancellationToken ct)
    {
        await _document.WaitAsync(ct).ConfigureAwait(false);
        return new Turn(_document);
    }

    sealed class Turn(SemaphoreSlim gate) : IDisposable
    {
        int _released;
        public void Dispose()
        {
            if (Interlocked.Exchange(ref _released, 1) == 0) gate.Release();
        }
    }

    public void Dispose()
    {
        if (_client.IsValueCreated) _client.Value.Dispose();
        _document.Dispose();
    }
}
