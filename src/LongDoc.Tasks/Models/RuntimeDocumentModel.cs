using System.Diagnostics;
using System.Runtime.CompilerServices;
using LongDoc.Runtime.Chat;
using LongDoc.Runtime.Generation;
using LongDoc.Runtime.Models;
using LongDoc.Runtime.Tokenizers;

namespace LongDoc.Tasks.Models;

/// <summary>
/// A model of our runtime behind <see cref="IDocumentModel"/>: loaded with <see cref="ModelLoader"/>, prompts
/// rendered with its chat template, answers sampled by <see cref="TextGenerator"/>. The generator reuses the
/// longest cached prompt prefix, so the prompt is prefilled in slices of <see cref="PrefillSlice"/> tokens (each
/// slice one short generation of one token whose output is dropped) to report progress between slices, and a
/// later question on the same document prefix only runs what differs.
/// One conversation at a time: the model's KV cache is the state.
/// </summary>
public sealed class RuntimeDocumentModel : IDocumentModel, IDisposable
{
    public const int PrefillSlice = 512;

    readonly LoadedModel loaded;
    readonly ITokenizer tokenizer;
    readonly ChatTemplate template;
    readonly TextGenerator generator;
    int[] previous = [];   // the last prompt: the generator's cache starts with it

    /// <summary>Sampling of answers; MaxTokens is set per call. Default greedy: answers about a document should not vary.</summary>
    public SamplingOptions Sampling { get; init; } = SamplingOptions.Greedy;

    public string Name { get; }
    public int ContextSize => loaded.Model.ContextSize;

    public RuntimeDocumentModel(LoadedModel loaded, string? chatTemplate = null)
    {
        this.loaded = loaded;
        tokenizer = ModelTokenizers.Tokenizer(loaded.Files);
        template = ModelTokenizers.ChatTemplate(loaded.Files, chatTemplate);
        generator = new TextGenerator(loaded.Model, tokenizer);
        Name = Path.GetFileName(loaded.Files.Source.TrimEnd('/', '\\'));
    }

    /// <summary>Loads the model at <paramref name="path"/> (GGUF file or Hugging Face folder).</summary>
    public static RuntimeDocumentModel Open(string path, RuntimeOptions options, string? chatTemplate = null)
    {
        var loaded = ModelLoader.Load(path, options);
        try { return new RuntimeDocumentModel(loaded, chatTemplate); }
        catch { loaded.Dispose(); throw; }
    }

    public int CountTokens(string text) => tokenizer.Encode(text, addBos: false, parseSpecial: false).Length;

    public int CountPromptTokens(IReadOnlyList<ChatMessage> messages) => Encode(messages).Length;

    int[] Encode(IReadOnlyList<ChatMessage> messages) =>
        tokenizer.Encode(template.Render(messages, addGenerationPrompt: true), addBos: false, parseSpecial: true);

    public async IAsyncEnumerable<GenerationChunk> ChatAsync(IReadOnlyList<ChatMessage> messages, int maxTokens,
        Action<int, int, TimeSpan>? onPrefill, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var tokens = Encode(messages);
        var options = Sampling with { MaxTokens = maxTokens };
        generator.EnsureFits(tokens.Length, options);
        var probe = SamplingOptions.Greedy with { MaxTokens = 1 };
        var clock = Stopwatch.StartNew();
        // Slices start after what the previous prompt already put in the cache: a slice that ended inside that
        // prefix would rewind the cache to the slice's end and make the rest run again.
        int cached = CommonPrefix(previous, tokens);
        previous = tokens;
        for (int end = cached + PrefillSlice; end < tokens.Length; end += PrefillSlice)
        {
            await foreach (var _ in generator.GenerateAsync(tokens[..end], probe, cancellationToken)) { }
            onPrefill?.Invoke(end, tokens.Length, clock.Elapsed);
        }
        bool first = true;
        await foreach (var chunk in generator.GenerateAsync(tokens, options, cancellationToken))
        {
            if (first) { onPrefill?.Invoke(tokens.Length, tokens.Length, clock.Elapsed); first = false; }
            yield return chunk;
        }
    }

    static int CommonPrefix(int[] a, int[] b)
    {
        int n = 0, limit = Math.Min(a.Length, b.Length);
        while (n < limit && a[n] == b[n]) n++;
        return n;
    }

    public void Dispose() => loaded.Dispose();
}
