using System.Diagnostics;
using System.Runtime.CompilerServices;
using LongDoc.Runtime.Models;
using LongDoc.Runtime.Tokenizers;

namespace LongDoc.Runtime.Generation;

/// <summary>
/// Prompt in, streamed text out: prefill the prompt in one Forward, then sample and feed back one token at a time
/// until an end-of-generation token, a stop string, or MaxTokens. The prompt's longest prefix already in the
/// model's cache from this generator's previous call is reused (chat turns), never re-run.
/// One generation at a time per model: the model's cache is the state.
/// </summary>
public sealed class TextGenerator
{
    readonly ILanguageModel _model;
    readonly ITokenizer _tokenizer;
    readonly float[] _logits;          // (V) logits of the last token fed
    readonly int[] _one = new int[1];  // the single token of a decode step
    readonly List<int> _cached = [];   // tokens this generator put in the cache, in order

    public TextGenerator(ILanguageModel model, ITokenizer tokenizer)
    {
        if (model.Config.VocabSize < tokenizer.VocabSize)
            throw new ArgumentException($"tokenizer has {tokenizer.VocabSize} tokens but the {model.Config.Architecture} model's vocabulary is {model.Config.VocabSize}");
        _model = model;
        _tokenizer = tokenizer;
        _logits = new float[model.Config.VocabSize];
    }

    /// <summary>Throws <see cref="ContextOverflowException"/> (both counts in the message) when the request cannot fit.</summary>
    public void EnsureFits(int promptTokens, SamplingOptions options) =>
        ContextOverflowException.ThrowIfOverflow(promptTokens, options.MaxTokens, _model.ContextSize);

    public async IAsyncEnumerable<GenerationChunk> GenerateAsync(int[] promptTokens, SamplingOptions options,
        [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        if (promptTokens.Length == 0) throw new ArgumentException("the prompt has no tokens", nameof(promptTokens));
        options.Validate();
        EnsureFits(promptTokens.Length, options);
        await Task.Yield(); // the prefill below is long and synchronous: never run it on the caller's thread
        cancellationToken.ThrowIfCancellationRequested();

        var sampler = new Sampler(_logits.Length, options, _model.SamplingBackend);
        var decoder = _tokenizer.CreateStreamingDecoder();
        var stops = new StopStringMatcher(options.StopStrings);
        var history = new int[promptTokens.Length + options.MaxTokens];  // prompt then generated, for the penalty
        promptTokens.CopyTo(history, 0);
        int length = promptTokens.Length;

        int reused = Prefill(promptTokens, cancellationToken, out var prefillTime);
        var decodeClock = new Stopwatch();
        int generated = 0;
        FinishReason finish = FinishReason.Length;
        while (true)
        {
            cancellationToken.ThrowIfCancellationRequested();
            int token = sampler.Sample(_logits, history.AsSpan(0, length));
            generated++;
            if (_tokenizer.EndOfGeneration.Contains(token)) { finish = FinishReason.EndOfText; break; }
            history[length++] = token;

            string text = stops.Push(decoder.Push(token));
            if (stops.Stopped)
            {
                if (text.Length > 0) yield return new GenerationChunk(text, token);
                finish = FinishReason.Stop;
                break;
            }
            yield return new GenerationChunk(text, token);
            if (generated == options.MaxTokens) break;

            decodeClock.Start();
            _one[0] = token;
            _model.Forward(_one, _logits);
            _cached.Add(token);
            decodeClock.Stop();
        }

        string rest = finish == FinishReason.Stop ? "" : stops.Push(decoder.Flush()) + stops.Flush();
        if (stops.Stopped) finish = FinishReason.Stop;
        var stats = new GenerationStats(promptTokens.Length, reused, generated, prefillTime, decodeClock.Elapsed);
        yield return new GenerationChunk(rest, null, finish, stats);
    }

    /// <summary>The tokens this generator knows to be in the model's cache at positions 0.., in order.</summary>
    public IReadOnlyList<int> CachedTokens => _cached;

    /// <summary>
    /// Declares that the model's cache already holds <paramref name="tokens"/> at positions 0.. (it was restored from
    /// disk: PromptCacheStore), so the next prompt that starts with them reuses them instead of running them.
    /// </summary>
    public void AdoptPrefix(ReadOnlySpan<int> tokens)
    {
        if (_model.Position != tokens.Length)
            throw new InvalidOperationException($"the model's cache holds {_model.Position} tokens, not the {tokens.Length} adopted");
        _cached.Clear();
        _cached.AddRange(tokens);
    }

    /// <summary>
    /// Runs <paramref name="tokens"/> into the cache (what is cached already is reused) without sampling: a document
    /// prefix that later prompts start with. The cache then holds exactly these tokens. <paramref name="progress"/>
    /// gets the count of tokens in the cache after each slice; a cancelled prefill keeps the slices already run.
    /// </summary>
    public void PrefillPrefix(int[] tokens, CancellationToken cancellationToken = default, IProgress<int>? progress = null)
    {
        int reuse = Rewind(tokens, tokens.Length);
        progress?.Report(reuse);
        RunSlices(tokens, reuse, cancellationToken, progress);
    }

    /// <summary>Prompt tokens per Forward call while prefilling: between slices a prefill can be cancelled.</summary>
    public const int PrefillSlice = 512;

    // Runs the part of the prompt the cache does not already hold; returns how many tokens were reused.
    int Prefill(int[] prompt, CancellationToken cancellationToken, out TimeSpan elapsed)
    {
        int reuse = Rewind(prompt, prompt.Length - 1); // run at least one token to get logits
        long start = Stopwatch.GetTimestamp();
        RunSlices(prompt, reuse, cancellationToken, null);
        elapsed = Stopwatch.GetElapsedTime(start);
        return reuse;
    }

    // Feeds tokens[from..] in slices; the cache and _cached agree after every slice, so a cancelled prefill leaves a
    // reusable prefix. The logits are those of the last token.
    void RunSlices(int[] tokens, int from, CancellationToken cancellationToken, IProgress<int>? progress)
    {
        for (int i = from; i < tokens.Length; )
        {
            cancellationToken.ThrowIfCancellationRequested();
            int n = Math.Min(PrefillSlice, tokens.Length - i);
            _model.Forward(tokens.AsSpan(i, n), _logits);
            _cached.AddRange(tokens.AsSpan(i, n));
            i += n;
            progress?.Report(i);
        }
    }

    // Keeps the longest cached prefix of the prompt (at most maxReuse tokens) and drops the rest of the cache.
    int Rewind(int[] prompt, int maxReuse)
    {
        if (_model.Position != _cached.Count) _cached.Clear(); // someone else moved the cache: trust nothing
        int reuse = 0;
        int limit = Math.Min(_cached.Count, maxReuse);
        while (reuse < limit && _cached[reuse] == prompt[reuse]) reuse++;
        _model.Truncate(reuse);
        _cached.RemoveRange(reuse, _cached.Count - reuse);
        return reuse;
    }
}
