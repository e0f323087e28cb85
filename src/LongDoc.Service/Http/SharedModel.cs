using LongDoc.Runtime.AI;
using LongDoc.Runtime.Models;
using LongDoc.Tasks.Models;
using LongDoc.Tasks.Models.Remote;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace LongDoc.Service.Http;

/// <summary>
/// The service's one model (section "Model"), shared by everything that runs it: summaries of the job worker, /ask
/// and the OpenAI-compatible chat. Either a file loaded here on first use (Model:Path) - generations queue per model
/// inside <see cref="LocalChatClient"/>, and a document conversation (prefill the document, then answer or summarize)
/// also holds <see cref="EnterDocumentAsync"/> so two of them do not take turns evicting each other's document from
/// the KV cache - or an engine's (Model:Endpoint), opened on first use and again after a failed open, which takes
/// up to Model:MaxConcurrent conversations at once.
/// </summary>
public sealed class SharedModel : IDisposable
{
    readonly ModelOptions _o;
    readonly Lazy<LocalChatClient> _client;
    readonly Lazy<RuntimeDocumentModel> _local;
    readonly SemaphoreSlim _document = new(1, 1);
    readonly SemaphoreSlim _opening = new(1, 1);
    RemoteDocumentModel? _remote;
    int _loads;

    /// <param name="logger">Gets the runtime's notices (the context chosen and why).</param>
    public SharedModel(IOptions<ModelOptions> options, ILogger<SharedModel>? logger = null)
    {
        _o = options.Value;
        _client = new(() =>
        {
            Interlocked.Increment(ref _loads);
            var template = string.IsNullOrWhiteSpace(_o.ChatTemplate) ? null : _o.ChatTemplate;
            return LocalChatClient.Open(_o.Path!, new RuntimeOptions
            {
                ContextSize = _o.ContextSize, Threads = _o.Threads,
                Device = ModelDevice.Device(_o.Device), GpuLayers = ModelDevice.GpuLayers(_o.GpuLayers), Experts = ModelDevice.Experts(_o.Experts),
                Log = logger is null ? null : line => logger.LogInformation("{Notice}", line),
            }, template, Name);
        });
        _local = new(() => new RuntimeDocumentModel(Client));
        if (IsLocal) logger?.LogInformation("model {Name}: device {Device}; loaded on first use, which logs the device chosen and the placement", Name, DeviceSetting);
    }

    public bool Configured => IsLocal || IsRemote;

    /// <summary>Model:Path: the model runs in this process.</summary>
    public bool IsLocal => !string.IsNullOrWhiteSpace(_o.Path);

    /// <summary>Model:Endpoint: the model runs on an engine.</summary>
    public bool IsRemote => !string.IsNullOrWhiteSpace(_o.Endpoint);

    /// <summary>
    /// The id in /v1/models: the configured name, else the file or folder name; for an endpoint its #model, else
    /// Model:Name, else the engine's first model (known once opened).
    /// </summary>
    public string? Name => IsRemote ? Endpoint.Model ?? _remote?.Name
        : !IsLocal ? null : string.IsNullOrWhiteSpace(_o.Name) ? Path.GetFileName(_o.Path!.TrimEnd('/')) : _o.Name;

    public int DefaultMaxTokens => _o.DefaultMaxTokens;

    /// <summary>The context, where known without loading or opening anything: the engine's once opened, the loaded model's, else Model:ContextSize.</summary>
    public int? KnownContextSize => IsRemote ? Volatile.Read(ref _remote)?.ContextSize
        : _client.IsValueCreated ? _client.Value.ContextSize : _o.ContextSize > 0 ? _o.ContextSize : null;

    /// <summary>A local model's device settings (Model:Device, Model:GpuLayers, Model:Experts): "auto, gpu-layers auto, experts gpu".</summary>
    public string? DeviceSetting => IsLocal ? ModelDevice.Describe(_o) : null;

    /// <summary>Where the loaded model runs (cpu, cuda, cuda-sim); null before the first use loads it.</summary>
    public string? LoadedDevice => _client.IsValueCreated ? _client.Value.Model.Backend.Name : null;

    /// <summary>The loaded model's placement on a CUDA device (layers, experts, bytes on the device), as logged at load; null on the CPU or before loading.</summary>
    public string? LoadedPlacement => _client.IsValueCreated ? _client.Value.Model.Transformer.Placement.Plan?.Summary() : null;

    /// <summary>How many times the model was loaded: 1 after first use, whatever used it (the point of this class).</summary>
    public int Loads => Volatile.Read(ref _loads);

    public LocalChatClient Client => IsLocal ? _client.Value : throw new InvalidOperationException("Model:Path is not set: no model is configured in this process");

    RemoteEndpoint Endpoint => RemoteEndpoint.Parse(_o.Endpoint!, _o.Name);

    /// <summary>The model as LongDoc.Tasks' document model (asks and summaries); the engine's is opened here on first use.</summary>
    public async Task<IDocumentModel> DocumentsAsync(CancellationToken ct) => IsRemote ? await RemoteAsync(ct).ConfigureAwait(false) : _local.Value;

    /// <summary>The engine's model, opened once; a failed open (engine down) is tried again by the next caller.</summary>
    public async Task<RemoteDocumentModel> RemoteAsync(CancellationToken ct)
    {
        if (Volatile.Read(ref _remote) is { } opened) return opened;
        await _opening.WaitAsync(ct).ConfigureAwait(false);
        try
        {
            return _remote ??= await RemoteDocumentModel.OpenAsync(Endpoint, new RemoteModelOptions
            {
                ApiKey = string.IsNullOrWhiteSpace(_o.ApiKeyFile) ? null
                    : File.ReadLines(_o.ApiKeyFile).Select(l => l.Trim()).FirstOrDefault(l => l.Length > 0),
                ContextSize = _o.ContextSize,
                TokenizerPath = string.IsNullOrWhiteSpace(_o.Tokenizer) ? null : _o.Tokenizer,
                MaxConcurrent = _o.MaxConcurrent,
                FirstTokenTimeout = TimeSpan.FromSeconds(_o.FirstTokenTimeoutSeconds),
                TokenTimeout = TimeSpan.FromSeconds(_o.TokenTimeoutSeconds),
                MaxRetries = _o.MaxRetries,
            }, ct).ConfigureAwait(false);
        }
        finally { _opening.Release(); }
    }

    /// <summary>Waits for the document conversation's turn (a local model's; an engine takes several); dispose the result to let the next one run.</summary>
    public async Task<IDisposable> EnterDocumentAsync(CancellationToken ct)
    {
        if (IsRemote) return new Turn(null);
        await _document.WaitAsync(ct).ConfigureAwait(false);
        return new Turn(_document);
    }

    sealed class Turn(SemaphoreSlim? gate) : IDisposable
    {
        int _released;
        public void Dispose()
        {
            if (Interlocked.Exchange(ref _released, 1) == 0) gate?.Release();
        }
    }

    public void Dispose()
    {
        if (_client.IsValueCreated) _client.Value.Dispose();
        _remote?.Dispose();
        _document.Dispose();
        _opening.Dispose();
    }
}
