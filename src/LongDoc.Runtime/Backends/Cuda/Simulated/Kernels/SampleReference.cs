namespace LongDoc.Runtime.Backends.Cuda.Simulated.Kernels;

/// <summary>
/// kernels/sample.cu: repetition penalty (each distinct history id in [0, V) once, in place) -> the C = top-k (or V;
/// 1 at temperature 0; at most 1024) candidates by (logit desc, id asc), which the radix select on order-preserving
/// keys and the ordered compaction produce -> top-p (double sums of expf) -> min-p -> temperature softmax -> draw with
/// u. One CTA of 1024 threads. Parameters (logits, V, history, Hn, penalty, topK, topP, minP, temperature, u, out).
/// </summary>
public static class SampleReference
{
    const int MaxCandidates = 1024;

    public static void Sample(LaunchContext c)
    {
        var logits = c.Ptr<float>(0, "logits");
        int vocabulary = c.Int(1), historyLength = c.Int(3), topK = c.Int(5);
        var history = c.Ptr<int>(2, "history");
        float penalty = c.Float(4), topP = c.Float(6), minP = c.Float(7), temperature = c.Float(8);
        double u = c.Double(9);
        var output = c.Ptr<int>(10, "out");
        c.Require(c.Grid.Count == 1 && c.Block.X == 1024, "one CTA of 1024 threads (the radix select's strides, the candidate slots)");
        if (penalty != 1f)
            for (int i = 0; i < historyLength; i++)
            {
                int t = history[i];
                bool seen = t < 0 || t >= vocabulary;
                for (int j = 0; j < i && !seen; j++) seen = history[j] == t;
                if (!seen) logits[t] = logits[t] <= 0f ? logits[t] * penalty : logits[t] / penalty;
            }
        int count = Math.Min(temperature == 0f ? 1 : topK > 0 && topK < vocabulary ? topK : vocabulary, MaxCandidates);
        var ids = Enumerable.Range(0, vocabulary).ToArray();
        var keys = ids.Select(i => OrderKey(logits[i])).ToArray();
        Array.Sort(ids, (a, b) => keys[a] != keys[b] ? keys[b].CompareTo(keys[a]) : a.CompareTo(b));
        var cand = ids.Take(count).Select(i => (Value: logits[i], Id: i)).ToArray();
        float mx = cand[0].Value;
        if (temperature != 0f && topP < 1f)
        {
            double sum = 0, cum = 0;
            for (int i = 0; i < count; i++) sum += MathF.Exp(cand[i].Value - mx);
            double target = (double)topP * sum;
            for (int i = 0; i < count; i++)
            {
                cum += MathF.Exp(cand[i].Value - mx);
                if (cum >= target) { count = i + 1; break; }
            }
        }
        if (temperature != 0f && minP > 0f)
        {
            float threshold = mx + MathF.Log(minP);
            int keep = 1;
            while (keep < count && cand[keep].Value >= threshold) keep++;
            count = keep;
        }
        int pick = 0;
        if (temperature != 0f)
        {
            double sum = 0, cum = 0;
            for (int i = 0; i < count; i++) sum += MathF.Exp((cand[i].Value - mx) / temperature);
            double r = u * sum;
            pick = count - 1;
            for (int i = 0; i < count; i++)
            {
                cum += MathF.Exp((cand[i].Value - mx) / temperature);
                if (r < cum) { pick = i; break; }
            }
        }
        output[0] = cand[pick].Id;
    }

    /// <summary>order_key: larger float, larger unsigned key.</summary>
    static uint OrderKey(float f)
    {
        uint bits = BitConverter.SingleToUInt32Bits(f);
        return (bits & 0x80000000u) != 0 ? ~bits : bits | 0x80000000u;
    }
}
