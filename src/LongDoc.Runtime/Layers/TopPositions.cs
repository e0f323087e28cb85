namespace LongDoc.Runtime.Layers;

/// <summary>
/// The DSA selection of one query: the k highest of its scores over positions 0..n-1, returned in ascending position
/// order, by a k-entry heap whose root is the weakest kept position (n log k, no allocation). Ties go to the lower
/// position (llama.cpp's ggml_top_k leaves their order unspecified; an exact tie at the boundary is the one case where
/// the two can differ); a NaN score ranks below every number.
/// </summary>
public static class TopPositions
{
    /// <summary>Writes the min(k, n) chosen positions of <paramref name="scores"/> (n) into <paramref name="selected"/>,
    /// ascending. Returns how many.</summary>
    public static int Select(ReadOnlySpan<float> scores, int k, Span<int> selected)
    {
        int n = scores.Length, count = Math.Min(k, n);
        var heap = selected[..count];
        for (int s = 0; s < count; s++)
        {
            heap[s] = s;
            for (int i = s; i > 0 && Weaker(scores, heap[i], heap[(i - 1) / 2]); i = (i - 1) / 2)
                (heap[i], heap[(i - 1) / 2]) = (heap[(i - 1) / 2], heap[i]);
        }
        for (int s = count; s < n; s++)
        {
            if (!Weaker(scores, heap[0], s)) continue;
            heap[0] = s;
            for (int i = 0; ;)
            {
                int l = 2 * i + 1, r = l + 1, w = i;
                if (l < count && Weaker(scores, heap[l], heap[w])) w = l;
                if (r < count && Weaker(scores, heap[r], heap[w])) w = r;
                if (w == i) break;
                (heap[i], heap[w]) = (heap[w], heap[i]);
                i = w;
            }
        }
        heap.Sort();
        return count;
    }

    /// <summary>Whether position a ranks below position b: a lower score, or the same score at a higher position.</summary>
    static bool Weaker(ReadOnlySpan<float> scores, int a, int b)
    {
        float x = Key(scores[a]), y = Key(scores[b]);
        return x < y || (x == y && a > b);
    }

    static float Key(float v) => float.IsNaN(v) ? float.NegativeInfinity : v;
}
