namespace LongDoc.Runtime.Generation;

/// <summary>
/// Picks the next token from logits (V), in llama.cpp's order (common_sampler's chain):
///   repetition penalty -> top-k -> top-p -> min-p -> temperature -> softmax -> seeded draw.
/// Temperature 0 is greedy: argmax of the penalized logits, the lowest id winning a tie.
/// All buffers are sized once from the vocabulary; <see cref="Sample"/> allocates nothing.
/// Candidates are kept sorted by (logit desc, id asc), so top-p and min-p are prefixes and ties are deterministic.
/// </summary>
public sealed class Sampler
{
    readonly SamplingOptions _options;
    readonly Random _random;
    readonly float[] _work;     // (V) logits after the penalty
    readonly int[] _ids;        // (V) candidate ids, best first, _count valid
    readonly float[] _probs;    // (V) probabilities of the candidates
    readonly int[] _seen;       // (V) stamp per token: penalize each recent token once
    int _stamp;
    int _count;

    public Sampler(int vocabSize, SamplingOptions options)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(vocabSize, 1);
        options.Validate();
        _options = options;
        _random = new Random(options.Seed ?? Random.Shared.Next());
        _work = new float[vocabSize];
        _ids = new int[vocabSize];
        _probs = new float[vocabSize];
        _seen = new int[vocabSize];
    }

    public int VocabSize => _work.Length;

    /// <summary>Chooses a token. <paramref name="history"/>: the tokens so far (prompt and generated), for the penalty.</summary>
    public int Sample(ReadOnlySpan<float> logits, ReadOnlySpan<int> history)
    {
        if (logits.Length != _work.Length) throw new ArgumentException($"logits have {logits.Length} values, the vocabulary {_work.Length}", nameof(logits));
        logits.CopyTo(_work);
        ApplyRepetitionPenalty(history);
        if (_options.Temperature == 0) return ArgMax(_work);

        SelectTopK();
        KeepTopP();
        KeepMinP();
        return Draw();
    }

    /// <summary>Index of the largest value; the lowest index wins a tie.</summary>
    public static int ArgMax(ReadOnlySpan<float> values)
    {
        int best = 0;
        for (int i = 1; i < values.Length; i++)
            if (values[i] > values[best]) best = i;
        return best;
    }

    // llama.cpp llama_sampler_penalties: each distinct token of the last N is penalized once.
    void ApplyRepetitionPenalty(ReadOnlySpan<int> history)
    {
        float penalty = _options.RepetitionPenalty;
        if (penalty == 1f || _options.RepetitionWindow == 0) return;
        var recent = history[Math.Max(0, history.Length - _options.RepetitionWindow)..];
        if (++_stamp == int.MaxValue) { Array.Clear(_seen); _stamp = 1; }
        foreach (int t in recent)
        {
            if ((uint)t >= (uint)_work.Length || _seen[t] == _stamp) continue;
            _seen[t] = _stamp;
            _work[t] = _work[t] <= 0 ? _work[t] * penalty : _work[t] / penalty;
        }
    }

    // Keeps the k best ids, sorted best first. A heap with the worst of the kept on top: O(V log k) to select,
    // then heapsort (pop the worst to the back) for O(k log k). Hand-written because Span.Sort boxes a struct
    // comparer, and this runs every token.
    void SelectTopK()
    {
        int v = _work.Length;
        int k = _options.TopK is > 0 && _options.TopK < v ? _options.TopK : v;
        var order = new BestFirst(_work);
        var heap = _ids.AsSpan(0, k);
        for (int i = 0; i < k; i++) heap[i] = i;
        for (int i = k / 2 - 1; i >= 0; i--) SiftDown(heap, i, order);
        for (int i = k; i < v; i++)
            if (order.Compare(i, heap[0]) < 0) { heap[0] = i; SiftDown(heap, 0, order); }
        for (int end = k - 1; end > 0; end--)
        {
            (heap[0], heap[end]) = (heap[end], heap[0]);
            SiftDown(heap[..end], 0, order);
        }
        _count = k;
    }

    void KeepTopP()
    {
        float p = _options.TopP;
        if (p >= 1f) return;
        double target = p * Softmax(temperature: 1f);
        double cumulative = 0;
        for (int i = 0; i < _count; i++)
        {
            cumulative += _probs[i];
            if (cumulative >= target) { _count = i + 1; return; }
        }
    }

    // p_i >= MinP * p_max  <=>  logit_i >= logit_max + ln(MinP)  (candidates are sorted, so a prefix survives).
    void KeepMinP()
    {
        float minP = _options.MinP;
        if (minP <= 0f) return;
        float threshold = _work[_ids[0]] + MathF.Log(minP);
        int keep = 1;
        while (keep < _count && _work[_ids[keep]] >= threshold) keep++;
        _count = keep;
    }

    int Draw()
    {
        double sum = Softmax(_options.Temperature);
        double r = _random.NextDouble() * sum;
        double cumulative = 0;
        for (int i = 0; i < _count; i++)
        {
            cumulative += _probs[i];
            if (r < cumulative) return _ids[i];
        }
        return _ids[_count - 1]; // r landed on the rounding error at the top
    }

    // exp((logit - max) / T) of each candidate into _probs, unnormalized; returns their sum.
    double Softmax(float temperature)
    {
        float max = _work[_ids[0]];
        double sum = 0;
        for (int i = 0; i < _count; i++) sum += _probs[i] = MathF.Exp((_work[_ids[i]] - max) / temperature);
        return sum;
    }

    // Moves heap[i] down until both children are better than it (the worst stays on top).
    static void SiftDown(Span<int> heap, int i, BestFirst order)
    {
        while (true)
        {
            int worst = i, l = 2 * i + 1, r = l + 1;
            if (l < heap.Length && order.Compare(heap[l], heap[worst]) > 0) worst = l;
            if (r < heap.Length && order.Compare(heap[r], heap[worst]) > 0) worst = r;
            if (worst == i) return;
            (heap[i], heap[worst]) = (heap[worst], heap[i]);
            i = worst;
        }
    }

    /// <summary>Orders ids best first: higher logit, then lower id.</summary>
    readonly struct BestFirst(float[] logits) : IComparer<int>
    {
        public int Compare(int a, int b)
        {
            int byLogit = logits[b].CompareTo(logits[a]);
            return byLogit != 0 ? byLogit : a.CompareTo(b);
        }
    }
}
