using System.Buffers;

namespace LongDoc.Runtime.Tokenizers;

/// <summary>
/// The merge list of a byte-level BPE, keyed by the ids of the pair: (left, right) -> (rank, merged id).
/// <see cref="Apply"/> merges one word: always the lowest-ranked adjacent pair, leftmost first on ties, as
/// tokenizers' word.merge_all and llama.cpp's llm_tokenizer_bpe_session do; a min-heap with lazy deletion keeps it
/// O(n log n) for long runs of punctuation or white space.
/// </summary>
public sealed class BpeMerges
{
    readonly Dictionary<long, long> _table;

    /// <param name="merges">(left id, right id, merged id), in rank order (rank = index).</param>
    public BpeMerges(IReadOnlyList<(int Left, int Right, int Merged)> merges)
    {
        _table = new Dictionary<long, long>(merges.Count);
        for (int rank = 0; rank < merges.Count; rank++)
        {
            var (l, r, m) = merges[rank];
            _table.TryAdd(Key(l, r), ((long)rank << 32) | (uint)m); // first (lowest rank) wins, as in tokenizers
        }
    }

    public int Count => _table.Count;

    static long Key(int left, int right) => ((long)left << 32) | (uint)right;

    bool TryGet(int left, int right, out int rank, out int merged)
    {
        if (_table.TryGetValue(Key(left, right), out long v))
        {
            rank = (int)(v >> 32);
            merged = (int)v;
            return true;
        }
        rank = merged = 0;
        return false;
    }

    /// <summary>Merges the symbols ids[0..n) in place; returns the number of symbols left (compacted to the front).</summary>
    public int Apply(Span<int> ids)
    {
        int n = ids.Length;
        if (n < 2) return n;
        int[] next = ArrayPool<int>.Shared.Rent(n);
        int[] prev = ArrayPool<int>.Shared.Rent(n);
        long[] heap = ArrayPool<long>.Shared.Rent(3 * n); // n-1 initial pairs + at most 2 per merge
        try
        {
            int size = 0;
            for (int i = 0; i < n; i++)
            {
                next[i] = i + 1 < n ? i + 1 : -1;
                prev[i] = i - 1;
                if (i + 1 < n && TryGet(ids[i], ids[i + 1], out int rank, out _)) Push(heap, ref size, rank, i);
            }
            while (size > 0)
            {
                long top = Pop(heap, ref size);
                int rank = (int)(top >> 32), i = (int)top;
                int j = i < n ? next[i] : -1;
                // stale entry: the left symbol died or changed, or its right neighbour changed
                if (ids[i] < 0 || j < 0 || !TryGet(ids[i], ids[j], out int r, out int merged) || r != rank) continue;
                ids[i] = merged;
                ids[j] = -1;
                next[i] = next[j];
                if (next[j] >= 0) prev[next[j]] = i;
                if (prev[i] >= 0 && TryGet(ids[prev[i]], merged, out int rl, out _)) Push(heap, ref size, rl, prev[i]);
                if (next[i] >= 0 && TryGet(merged, ids[next[i]], out int rr, out _)) Push(heap, ref size, rr, i);
            }
            int count = 0;
            for (int i = 0; i >= 0; i = next[i]) ids[count++] = ids[i];
            return count;
        }
        finally
        {
            ArrayPool<int>.Shared.Return(next);
            ArrayPool<int>.Shared.Return(prev);
            ArrayPool<long>.Shared.Return(heap);
        }
    }

    // min-heap of (rank << 32 | position): lowest rank first, then leftmost
    static void Push(long[] heap, ref int size, int rank, int pos)
    {
        long item = ((long)rank << 32) | (uint)pos;
        int i = size++;
        while (i > 0)
        {
            int parent = (i - 1) >> 1;
            if (heap[parent] <= item) break;
            heap[i] = heap[parent];
            i = parent;
        }
        heap[i] = item;
    }

    static long Pop(long[] heap, ref int size)
    {
        long top = heap[0];
        long last = heap[--size];
        int i = 0;
        while (true)
        {
            int child = 2 * i + 1;
            if (child >= size) break;
            if (child + 1 < size && heap[child + 1] < heap[child]) child++;
            if (heap[child] >= last) break;
            heap[i] = heap[child];
            i = child;
        }
        if (size > 0) heap[i] = last;
        return top;
    }
}
