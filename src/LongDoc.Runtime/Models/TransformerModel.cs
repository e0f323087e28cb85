using LongDoc.Runtime.Backends;
using LongDoc.Runtime.Layers;
using LongDoc.Runtime.Weights;

namespace LongDoc.Runtime.Models;

/// <summary>
/// A decoder-only transformer with its KV cache and run state: token_embd -> blocks -> output_norm -> output.
/// Prompts run in batches of up to RunState.MaxTokens (weights read once per batch); decode is a batch of one.
/// Legend: T tokens, D hidden, V vocabulary.
/// </summary>
public sealed class TransformerModel : ILanguageModel
{
    readonly Backends.Placement.PlacedBackends _placed;
    readonly TransformerBlock[] _blocks;
    readonly WeightMatrix _embedding;   // (V, D)
    readonly WeightMatrix _output;      // (V, D), token_embd when tied
    readonly RmsNorm _outputNorm;
    readonly KvCache _cache;
    readonly RunState _state;

    public TransformerModel(ModelConfig config, IModelWeights weights, IBackend backend, int contextSize,
        KvCacheType kvCacheType = KvCacheType.F16, int maxBatch = 512, Sparse.SparseAttentionOptions? attention = null,
        Backends.Placement.PlacedBackends? placement = null)
    {
        attention = (attention ?? Sparse.SparseAttentionOptions.Dense).Resolve(config.Indexer is not null);
        attention.Validate();
        foreach (int l in attention.DenseLayers)
            if (l >= config.BlockCount) throw new ArgumentException($"--dense-layers: layer {l} does not exist, the model has {config.BlockCount} layers (0..{config.BlockCount - 1})");
        Config = config;
        _placed = placement ?? Backends.Placement.PlacedBackends.All(backend);
        var build = Architectures.For(config, weights.Source);
        _blocks = [.. Enumerable.Range(0, config.BlockCount).Select(i => build(config, weights, i))];
        _embedding = weights.Matrix("token_embd.weight");
        _output = weights.Contains("output.weight") ? weights.Matrix("output.weight") : _embedding;
        _outputNorm = new RmsNorm(weights.Vector("output_norm.weight"), config.RmsNormEps);
        for (int i = 0; i < _blocks.Length; i++)
        {
            if (_placed.Experts(i) != _placed.Layer(i)) _blocks[i].PlaceExperts(_placed.Experts(i));
            foreach (var w in _blocks[i].LayerWeights) _placed.Layer(i).Prepare(w);
            foreach (var w in _blocks[i].ExpertWeights) _placed.Experts(i).Prepare(w);
        }
        _placed.Embedding.Prepare(_embedding);
        _placed.Output.Prepare(_output);
        ContextSize = contextSize;
        var (cacheHeads, cacheKey, cacheValue) = config.CacheShape; // MLA: the latent only
        int statisticsBlock = attention.Mode == Sparse.AttentionMode.Sparse ? attention.Block : 0;
        var indexKeys = config.Indexer is { } ix
            ? new IndexKeyCache([.. Enumerable.Range(0, config.BlockCount).Select(ix.IsFull)], contextSize, ix.KeyLength, kvCacheType)
            : null;
        _cache = new KvCache(config.BlockCount, contextSize, cacheHeads, cacheKey, cacheValue, kvCacheType, statisticsBlock, indexKeys);
        _state = new RunState(config, Math.Min(maxBatch, contextSize), contextSize);
        AttentionTrace = attention.Explain ? new Sparse.AttentionTrace(config.BlockCount) : null;
        _state.Sparse = new Sparse.SparseAttentionState(attention, AttentionTrace);
    }

    public ModelConfig Config { get; }
    public int ContextSize { get; }
    public int Position { get; private set; }
    /// <summary>The backend of the output projection, which holds the logits.</summary>
    public IBackend SamplingBackend => _placed.Output;
    public IReadOnlyList<TransformerBlock> Blocks => _blocks;
    /// <summary>Where each part runs (one backend for all of it unless a CUDA device's plan split it).</summary>
    public Backends.Placement.PlacedBackends Placement => _placed;
    public KvCacheType KvCacheType => _cache.Type;
    /// <summary>The KV cache (with its block statistics when attention is sparse).</summary>
    public KvCache Cache => _cache;
    /// <summary>Blocks read per layer since the last reset, when the attention options ask to explain; else null.</summary>
    public Sparse.AttentionTrace? AttentionTrace { get; }
    public Sparse.SparseAttentionOptions AttentionOptions => _state.Sparse!.Options;

    /// <summary>
    /// Switches attention for the next Forward calls (the cached positions stay valid): dense at any time, sparse when the
    /// model was built sparse with the same block size (the cache's statistics are kept for that block size only).
    /// </summary>
    public void UseAttention(Sparse.SparseAttentionOptions options)
    {
        options.Validate();
        options = options.Resolve(Config.Indexer is not null);
        if (options.Mode == Sparse.AttentionMode.Sparse && _cache.BlockStatistics?.Block != options.Block)
            throw new ArgumentException($"sparse attention with block {options.Block} needs a model built sparse with that block (its cache keeps statistics for {(_cache.BlockStatistics is { } s ? $"block {s.Block}" : "no block")})");
        _state.Sparse = new Sparse.SparseAttentionState(options, AttentionTrace);
    }

    public void Forward(ReadOnlySpan<int> tokens, Span<float> logits)
    {
        int t = tokens.Length, v = Config.VocabSize, d = Config.EmbeddingLength;
        if (t == 0) throw new ArgumentException("Forward needs at least one token", nameof(tokens));
        if (Position + t > ContextSize)
            throw new InvalidOperationException($"{Position + t} tokens ({Position} cached + {t} new) exceed the context of {ContextSize}");
        foreach (int id in tokens)
            if ((uint)id >= (uint)v) throw new ArgumentOutOfRangeException(nameof(tokens), $"token {id} outside the vocabulary of {v}");
        bool all = logits.Length == t * v;
        if (!all && logits.Length != v) throw new ArgumentException($"logits must hold V={v} or T*V={t * v} floats, not {logits.Length}", nameof(logits));
        for (int done = 0; done < t; )
        {
            int n = Math.Min(_state.MaxTokens, t - done);
            _placed.Embedding.GetRows(_embedding, tokens.Slice(done, n), _state.X.AsSpan(0, n * d));   // (n, D)
            for (int i = 0; i < _blocks.Length; i++) _blocks[i].Forward(_placed.Layer(i), _state, _cache, Position, n, d);
            Position += n;
            if (all)
            {
                var xn = _state.Xn.AsSpan(0, n * d);
                _outputNorm.Forward(_placed.Output, _state.X.AsSpan(0, n * d), xn);
                _placed.Output.MatMul(_output, xn, logits.Slice(done * v, n * v), n);          // (n, V)
            }
            else if (done + n == t)
            {
                var last = _state.Xn.AsSpan(0, d);
                _outputNorm.Forward(_placed.Output, _state.X.AsSpan((n - 1) * d, d), last);
                _placed.Output.MatMul(_output, last, logits, 1);                                // (V)
            }
            done += n;
        }
    }

    public void Truncate(int position)
    {
        if (position < 0 || position > Position) throw new ArgumentOutOfRangeException(nameof(position), $"position {position} outside 0..{Position}");
        Position = position; // later positions are overwritten by the next Forward
    }

    /// <summary>
    /// Declares positions 0..<paramref name="positions"/> of the cache valid after they were written from outside (a
    /// prompt prefix restored from disk). The one place a restored cache becomes live: state derived from the keys
    /// (block-sparse attention's per-block key statistics) must be rebuilt here, from the first
    /// <paramref name="positions"/> keys.
    /// </summary>
    public void AdoptCache(int positions)
    {
        if (positions < 0 || positions > ContextSize) throw new ArgumentOutOfRangeException(nameof(positions), $"position {positions} outside 0..{ContextSize}");
        _cache.RebuildBlockStatistics(positions); // the keys came from disk: their block statistics did not
        Position = positions;
    }

    /// <summary>Smallest router margin between the A-th and (A+1)-th expert since the last reset (MoE only; +inf for dense).</summary>
    public float RouterMinGap => _blocks.Select(b => b.FeedForward).OfType<MoeFeedForward>().Select(f => f.Router.MinGap).DefaultIfEmpty(float.PositiveInfinity).Min();

    public void ResetRouterGap()
    {
        foreach (var f in _blocks.Select(b => b.FeedForward).OfType<MoeFeedForward>()) f.Router.ResetMinGap();
    }

    public void Dispose()
    {
        _cache.Dispose();
    }
}
