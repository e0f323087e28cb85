using LongDoc.Runtime.Generation;

namespace LongDoc.Runtime.Backends.Cpu;

/// <summary>
/// Sampling on the host, in llama.cpp's order (common_sampler's chain): repetition penalty -> top-k -> top-p -> min-p
/// -> temperature -> softmax -> the candidate where the host's uniform draw lands. Temperature 0 is greedy: argmax of
/// the penalized logits, the lowest id winning a tie. Candidates are kept sorted by (logit desc, id asc), so top-p and
/// min-p are prefixes and ties are deterministic. Buffers grow to the vocabulary once; a call allocates nothing.
/// </summary>
internal sealed class SamplingKernel
{
    int[] _ids = [];        // (V) candidate ids, best first, _count valid
    float[] _probs = [];    // (V) probabilities of the candidates
    int[] _seen = [];       // (V) stamp per token: penalize each recent token once
    int _stamp;
    int _count;

    /// <summary>Index of the largest value; the lowest index wins a tie.</summary>
    public static int ArgMax(ReadOnlySpan<float> values)
    {
        int best = 0;
        for (int i = 1; i < values.Length; i++)
            if (values[i] > values[best]) best = i;
        return best;
    }

    /// <summary>The chosen token of <paramref name="logits"/> (V), penalized in place for each distinct token of
    /// <paramref name="recent"/>; <paramref name="u"/> in [0, 1) is the draw (unused at temperature 0).</summary>
    public int Sample(Span<float> logits, ReadOnlySpan<int> recent, SamplingOptions o, double u)
    {
        int v = logits.Length;
        if (_ids.Length < v) (_ids, _probs, _seen, _stamp) = (new int[v], new float[v], new int[v], 0);
        if (o.RepetitionPenalty != 1f) ApplyRepetitionPenalty(logits, recent, o.RepetitionPenalty);
        if (o.Temperature == 0) return ArgMax(logits);

        SelectTopK(logits, o.TopK);
        KeepTopP(logits, o.TopP);
        KeepMinP(logits, o.MinP);
        return Draw(logits, o.Temperature, u);
    }

    // llama.cpp llama_sampler_penalties: each distinct token of the recent ones is penalized once.
    void ApplyRepetitionPenalty(Span<float> logits, ReadOnlySpan<int> recent, float penalty)
    {
        if (++_stamp == int.MaxValue) { Array.Clear(_seen); _stamp = 1; }
        foreach (int t in recent)
        {
            if ((uint)t >= (uint)logits.Length || _seen[t] == _stamp) continue;
            _seen[t] = _stamp;
            logits[t] = logits[t] <= 0 ? logits[t] * penalty : logits[t] / penalty;
        }
    }

    // Keeps the k best ids, sorted best first. A heap with the worst of the kept on top: O(V log k) to select,
    // then heapsort (pop the worst to the back) for O(k log k). Hand-written because Span.Sort boxes a struct
    // comparer, and this runs every token.
    void SelectTopK(ReadOnlySpan<float> logits, int topK)
    {
        int v = logits.Length;
        int k = topK > 0 && topK < v ? topK : v;
        var order = new BestFirst(logits);
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

    void KeepTopP(ReadOnlySpan<float> logits, float p)
    {
        if (p >= 1f) return;
        double target = p * Softmax(logits, temperature: 1f);
        double cumulative = 0;
        for (int i = 0; i < _count; i++)
        {
            cumulative += _probs[i];
            if (cumulative >= target) { _count = i + 1; return; }
        }
    }

    // p_i >= MinP * p_max  <=>  logit_i >= logit_max + ln(MinP)  (candidates are sorted, so a prefix survives).
    void KeepMinP(ReadOnlySpan<float> logits, float minP)
    {
        if (minP <= 0f) return;
        float threshold = logits[_ids[0]] + MathF.Log(minP);
        int keep = 1;
        while (keep < _count && logits[_ids[keep]] >= threshold) keep++;
        _count = keep;
    }

    int Draw(ReadOnlySpan<float> logits, float temperature, double u)
    {
        double sum = Softmax(logits, temperature);
        double r = u * sum;
        double cumulative = 0;
        for (int i = 0; i < _count; i++)
        {
            cumulative += _probs[i];
            if (r < cumulative) return _ids[i];
        }
        return _ids[_count - 1]; // r landed on the rounding error at the top
    }

    // exp((logit - max) / T) of each candidate into _probs, unnormalized; returns their sum.
    double Softmax(ReadOnlySpan<float> logits, float temperature)
    {
        float max = logits[_ids[0]];
        double sum = 0;
        for (int i = 0; i < _count; i++) sum += _probs[i] = MathF.Exp((logits[_ids[i]] - max) / temperature);
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
    readonly ref struct BestFirst(ReadOnlySpan<float> logits)
    {
        readonly ReadOnlySpan<float> _logits = logits;

        public int Compare(int a, int b)
        {
            int byLogit = _logits[b].CompareTo(_logits[a]);
            return byLogit != 0 ? byLogit : a.CompareTo(b);
        }
    }
}
