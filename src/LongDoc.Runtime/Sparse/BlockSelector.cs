namespace LongDoc.Runtime.Sparse;

/// <summary>
/// Which key blocks one query block (or decode query) of one KV head group reads: a pure function of the block
/// scores. Legend: N visible blocks (0..N-1, the last one holds the query), B block size.
/// Always: block 0 (attention sink) and the window blocks windowFirst..N-1; then the K = budgetBlocks - fixed
/// best-scored blocks among 1..windowFirst-1 (ties: the lower index wins). With N <= budgetBlocks every block is read.
/// Blocks after the query's own are not visible, so they can never be chosen.
/// </summary>
public static class BlockSelector
{
    /// <summary>First block of the window of the last <paramref name="window"/> tokens before and at <paramref name="firstQuery"/>.</summary>
    public static int WindowFirst(int firstQuery, int window, int block) => Math.Max(0, firstQuery - window + 1) / block;

    /// <summary>
    /// Writes the chosen block indices, ascending, to <paramref name="selected"/> (at least N long) and returns how many.
    /// <paramref name="scores"/> holds at least N scores (only those of blocks 1..windowFirst-1 are read);
    /// <paramref name="heap"/> is scratch of at least budgetBlocks ints.
    /// </summary>
    public static int Select(ReadOnlySpan<float> scores, int visibleBlocks, int windowFirst, int budgetBlocks, Span<int> selected, Span<int> heap)
    {
        if (visibleBlocks <= budgetBlocks)
        {
            for (int b = 0; b < visibleBlocks; b++) selected[b] = b;
            return visibleBlocks;
        }
        windowFirst = Math.Clamp(windowFirst, 1, visibleBlocks - 1);
        int fixedCount = 1 + visibleBlocks - windowFirst;
        int k = Math.Min(Math.Max(0, budgetBlocks - fixedCount), windowFirst - 1);
        // Min-heap of the k best candidates so far; its root is the worst of them.
        int size = 0;
        for (int b = 1; b < windowFirst && k > 0; b++)
        {
            if (size < k) { heap[size] = b; SiftUp(heap, size++, scores); }
            else if (Better(b, heap[0], scores)) { heap[0] = b; SiftDown(heap, size, scores); }
        }
        int n = 0;
        selected[n++] = 0;
        var top = selected.Slice(n, size);
        heap[..size].CopyTo(top);
        top.Sort();
        n += size;
        for (int b = windowFirst; b < visibleBlocks; b++) selected[n++] = b;
        return n;
    }

    /// <summary>Block a ranks above block b: a higher score, or the same score and a lower index. NaN ranks last.</summary>
    public static bool Better(int a, int b, ReadOnlySpan<float> scores)
    {
        float sa = float.IsNaN(scores[a]) ? float.NegativeInfinity : scores[a];
        float sb = float.IsNaN(scores[b]) ? float.NegativeInfinity : scores[b];
        return sa > sb || (sa == sb && a < b);
    }

    static void SiftUp(Span<int> heap, int i, ReadOnlySpan<float> scores)
    {
        while (i > 0)
        {
            int parent = (i - 1) / 2;
            if (!Better(heap[parent], heap[i], scores)) break;
            (heap[parent], heap[i]) = (heap[i], heap[parent]);
            i = parent;
        }
    }

    static void SiftDown(Span<int> heap, int size, ReadOnlySpan<float> scores)
    {
        int i = 0;
        while (true)
        {
            int l = 2 * i + 1, r = l + 1, worst = i;
            if (l < size && Better(heap[worst], heap[l], scores)) worst = l;
            if (r < size && Better(heap[worst], heap[r], scores)) worst = r;
            if (worst == i) return;
            (heap[worst], heap[i]) = (heap[i], heap[worst]);
            i = worst;
        }
    }
}
