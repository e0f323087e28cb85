using LongDoc.Runtime.Backends;
using LongDoc.Runtime.Backends.Cpu;

namespace LongDoc.Runtime.Generation;

/// <summary>
/// Picks the next token from logits (V) through the backend's ops, in llama.cpp's order (common_sampler's chain):
///   repetition penalty -> top-k -> top-p -> min-p -> temperature -> softmax -> seeded draw.
/// Temperature 0 is greedy: argmax of the penalized logits, the lowest id winning a tie (<see cref="IBackend.Argmax"/>
/// when there is no penalty). The seeded generator stays here, on the host: one uniform per sampled token, handed to
/// <see cref="IBackend.Sample"/>, so every backend draws the same token. Without a backend (a model that has none)
/// the CPU's kernel runs here. All buffers are sized once from the vocabulary; <see cref="Sample"/> allocates nothing.
/// </summary>
public sealed class Sampler
{
    readonly SamplingOptions _options;
    readonly Random _random;
    readonly float[] _work;                 // (V) logits, penalized in place by the op
    readonly IBackend? _backend;
    readonly SamplingKernel _host = new();  // when there is no backend

    public Sampler(int vocabSize, SamplingOptions options, IBackend? backend = null)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(vocabSize, 1);
        options.Validate();
        _options = options;
        _random = new Random(options.Seed ?? Random.Shared.Next());
        _work = new float[vocabSize];
        _backend = backend;
    }

    public int VocabSize => _work.Length;

    /// <summary>Chooses a token. <paramref name="history"/>: the tokens so far (prompt and generated), for the penalty.</summary>
    public int Sample(ReadOnlySpan<float> logits, ReadOnlySpan<int> history)
    {
        if (logits.Length != _work.Length) throw new ArgumentException($"logits have {logits.Length} values, the vocabulary {_work.Length}", nameof(logits));
        bool penalize = _options.RepetitionPenalty != 1f && _options.RepetitionWindow > 0;
        if (_options.Temperature == 0 && !penalize) return _backend?.Argmax(logits) ?? SamplingKernel.ArgMax(logits);
        logits.CopyTo(_work);
        var recent = penalize ? history[Math.Max(0, history.Length - _options.RepetitionWindow)..] : [];
        double u = _options.Temperature == 0 ? 0 : _random.NextDouble();
        return _backend?.Sample(_work, recent, _options, u) ?? _host.Sample(_work, recent, _options, u);
    }

    /// <summary>Index of the largest value; the lowest index wins a tie.</summary>
    public static int ArgMax(ReadOnlySpan<float> values) => SamplingKernel.ArgMax(values);
}
