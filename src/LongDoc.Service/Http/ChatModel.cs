using System.Runtime.CompilerServices;
using LongDoc.Runtime.Chat;
using LongDoc.Runtime.Generation;
using LongDoc.Runtime.Models;
using LongDoc.Runtime.Tokenizers;
using Microsoft.Extensions.Options;

namespace LongDoc.Service.Http;

/// <summary>
/// The configured model, loaded on first use, with one generator whose KV cache carries over between requests
/// (a shared prefix is not prefilled again). One generation at a time on the device: the rest wait their turn.
/// </summary>
public sealed class ChatModel : IDisposable
{
    readonly ModelOptions _o;
    readonly Lazy<(LoadedModel Loaded, ITokenizer Tokenizer, ChatTemplate Template, TextGenerator Generator)> _model;
    readonly SemaphoreSlim _device = new(1, 1);

    public ChatModel(IOptions<ModelOptions> options)
    {
        _o = options.Value;
        _model = new(() =>
        {
            var loaded = ModelLoader.Load(_o.Path!, new RuntimeOptions { ContextSize = _o.ContextSize, Threads = _o.Threads });
            var tokenizer = ModelTokenizers.Tokenizer(loaded.Files);
            return (loaded, tokenizer, ModelTokenizers.ChatTemplate(loaded.Files, _o.ChatTemplate), new TextGenerator(loaded.Model, tokenizer));
        });
    }

    public bool Configured => !string.IsNullOrWhiteSpace(_o.Path);

    public string? Name => !Configured ? null : string.IsNullOrWhiteSpace(_o.Name) ? System.IO.Path.GetFileName(_o.Path!.TrimEnd('/')) : _o.Name;

    public int DefaultMaxTokens => _o.DefaultMaxTokens;

    /// <summary>The prompt's tokens; throws <see cref="ContextOverflowException"/> (both counts) when it and max tokens do not fit.</summary>
    public int[] Prepare(IReadOnlyList<ChatMessage> messages, SamplingOptions sampling)
    {
        var m = _model.Value;
        var tokens = m.Tokenizer.Encode(m.Template.Render(messages, addGenerationPrompt: true), addBos: false, parseSpecial: true);
        m.Generator.EnsureFits(tokens.Length, sampling);
        return tokens;
    }

    public async IAsyncEnumerable<GenerationChunk> GenerateAsync(int[] tokens, SamplingOptions sampling, [EnumeratorCancellation] CancellationToken ct)
    {
        await _device.WaitAsync(ct);
        try
        {
            await foreach (var chunk in _model.Value.Generator.GenerateAsync(tokens, sampling, ct)) yield return chunk;
        }
        finally { _device.Release(); }
    }

    public void Dispose()
    {
        if (_model.IsValueCreated) _model.Value.Loaded.Dispose();
        _device.Dispose();
    }
}
