namespace LongDoc.Runtime.Layers;

/// <summary>
/// The DSA selection of one query: the k highest of its scores over positions 0..n-1, returned in ascending position
/// order. Ties go to the lower position (llama.cpp's ggml_top_k leaves their order unspecified; an exact tie at the
/// boundary is the one case where the two can differ).
/// </summary>
public static class TopPositions
{
    /// <summary>Writes the min(k, n) chosen positions of <paramref name="scores"/> (n) into <paramref name="selected"/>,
    /// ascending; <paramref name="order"/> (n) is scratch. Returns how many.</summary>
    public static int Select(ReadOnlySpan<float> scores, int k, Span<int> order, Span<int> selected)
    {
        int n = scores.Length, count = Math.Min(k, n);
        var o = order[..n];
        for (int i = 0; i < n; i++) o[i] = i;
        if (count < n)
        {
            var s = scores.ToArray();
            o.Sort((a, b) => s[b] != s[a] ? s[b].CompareTo(s[a]) : a.CompareTo(b));
        }
        o[..count].CopyTo(selected);
        selected[..count].Sort();
        return count;
    }
}
