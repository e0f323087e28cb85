namespace LongDoc.Runtime.Layers;

/// <summary>
/// The DSA selection of one query: the k highest of its scores over positions 0..n-1, returned in ascending position
/// order. Ties go to the lower position (llama.cpp's ggml_top_k leaves their order unspecified; an exact tie at the
/// boundary is the one case where the two can differ); a NaN score ranks as minus infinity, and -0 as +0.
/// A radix selection, no sort: each score becomes an unsigned key in the order of its value; histograms of the top
/// 11, the next 11 and the last 10 bits narrow down the k-th highest key T (the second and third over the keys that
/// share the first bin only), then one pass in position order writes the positions above T and, of those equal to
/// T, the lowest ones. A few passes over n, per-thread buffers that only grow.
/// </summary>
public static class TopPositions
{
    static ReadOnlySpan<int> Shifts => [21, 10, 0];

    [ThreadStatic] static uint[]? _keys;
    [ThreadStatic] static uint[]? _candidates;

    /// <summary>Writes the min(k, n) chosen positions of <paramref name="scores"/> (n) into <paramref name="selected"/>,
    /// ascending. Returns how many.</summary>
    public static int Select(ReadOnlySpan<float> scores, int k, Span<int> selected)
    {
        int n = scores.Length;
        if (k >= n)
        {
            for (int s = 0; s < n; s++) selected[s] = s;
            return n;
        }
        if (_keys is null || _keys.Length < n) { _keys = new uint[n]; _candidates = new uint[n]; }
        var keys = _keys.AsSpan(0, n);
        for (int s = 0; s < n; s++) keys[s] = Key(scores[s]);
        Span<int> histogram = stackalloc int[4 << 11];
        // The keys whose bits above shift equal prefix hold the k-th highest; need of them are still to take.
        ReadOnlySpan<uint> pool = keys;
        uint prefix = 0;
        int shift = 32, need = k;
        foreach (int next in Shifts)
        {
            histogram.Clear();
            uint mask = (1u << (shift - next)) - 1;
            if (shift == 32) CountTopBits(pool, next, histogram);
            else
                foreach (uint key in pool)
                    if (key >> shift == prefix) histogram[(int)((key >> next) & mask)]++;
            int bin = (int)mask;
            for (; histogram[bin] < need; bin--) need -= histogram[bin];
            prefix = (shift == 32 ? 0 : prefix << (shift - next)) | (uint)bin;
            shift = next;
            if (histogram[bin] == need) break; // all of this bin is taken: lower bits need not be looked at
            if (next == Shifts[0]) pool = Compact(keys, _candidates!, prefix, shift);
        }
        // Branch-free: the taken positions lie at random, so a branch on them would mispredict ~2k times per query.
        int count = 0;
        for (int s = 0; s < n && count < k; s++)
        {
            uint top = keys[s] >> shift;
            int equal = top == prefix ? 1 : 0, take = (top > prefix ? 1 : 0) | (equal & (need > 0 ? 1 : 0));
            selected[count] = s;
            count += take;
            need -= take & equal;
        }
        return count;
    }

    /// <summary>
    /// histogram[b] = how many keys have top bits (above <paramref name="shift"/>) b, counted in four interleaved
    /// histograms then summed: scores of one magnitude share their top bits, and one histogram would make each increment
    /// wait for the previous one's store (~3x slower).
    /// </summary>
    static void CountTopBits(ReadOnlySpan<uint> keys, int shift, Span<int> histogram)
    {
        const int Bins = 1 << 11;
        var h0 = histogram[..Bins]; var h1 = histogram.Slice(Bins, Bins); var h2 = histogram.Slice(2 * Bins, Bins); var h3 = histogram.Slice(3 * Bins, Bins);
        int s = 0;
        for (; s + 4 <= keys.Length; s += 4)
        {
            h0[(int)(keys[s] >> shift)]++; h1[(int)(keys[s + 1] >> shift)]++;
            h2[(int)(keys[s + 2] >> shift)]++; h3[(int)(keys[s + 3] >> shift)]++;
        }
        for (; s < keys.Length; s++) h0[(int)(keys[s] >> shift)]++;
        for (int b = 0; b < Bins; b++) h0[b] += h1[b] + h2[b] + h3[b];
    }

    /// <summary>The keys whose bits above shift equal prefix, in order (the first level's bin, for the finer ones).</summary>
    static ReadOnlySpan<uint> Compact(ReadOnlySpan<uint> keys, uint[] into, uint prefix, int shift)
    {
        int m = 0;
        foreach (uint key in keys)
        {
            into[m] = key;
            m += key >> shift == prefix ? 1 : 0;
        }
        return into.AsSpan(0, m);
    }

    /// <summary>The score as an unsigned key in the same order: sign bit flipped for positive numbers, every bit for
    /// negative ones; NaN as minus infinity, -0 as +0.</summary>
    static uint Key(float v)
    {
        if (float.IsNaN(v)) v = float.NegativeInfinity;
        uint bits = BitConverter.SingleToUInt32Bits(v + 0f);
        return (int)bits < 0 ? ~bits : bits | 0x8000_0000u;
    }
}
