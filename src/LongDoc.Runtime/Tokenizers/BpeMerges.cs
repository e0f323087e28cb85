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
    // Open addressing with linear probing, keyed by (left << 32 | right), value (rank << 32 | merged). Not a
    // Dictionary<long, long>: long's hash is left ^ right, which collides badly for pairs of token ids.
    readonly long[] _keys;   // -1: empty
    readonly long[] _values;
    readonly int _mask;

    /// <param name="merges">(left id, right id, merged id), in rank order (rank = index).</param>
    public BpeMerges(IReadOnlyList<(int Left, int Right, int Merged)> merges)
    {
        int capacity = (int)System.Numerics.BitOperations.RoundUpToPowerOf2((uint)Math.Max(16, merges.Count * 2));
        _keys = new long[capacity];
        _values = new long[capacity];
        _mask = capacity - 1;
        Array.Fill(_keys, -1L);
        for (int rank = 0; rank < merges.Count; rank++)
        {
            var (l, r, m) = merges[rank];
            long key = Key(l, r);
            int i = Slot(key);
            while (_keys[i] != -1 && _keys[i] != key) i = (i + 1) & _mask;
            if (_keys[i] == key) continue; // first (lowest rank) wins, as in tokenizers
            _keys[i] = key;
            _values[i] = ((long)rank << 32) | (uint)m;
            Count++;
        }
    }

    public int Count { get; }

    static long Key(int left, int right) => ((long)left << 32) | (uint)right;

    int Slot(long key) => (int)(((ulong)key * 0x9E3779B97F4A7C15UL) >> 32) & _mask; // Fibonacci hashing

    bool TryGet(int left, int right, out int rank, out int merged)
    {
        long key = Key(left, right);
        for (int i = Slot(key); ; i = (i + 1) & _mask)
        {
            long k = _keys[i];
            if (k == key)
            {
                long v = _values[i];
                rank = (int)(v >> 32);
                merged = (int)v;
                return true;
            }
            if (k == -1) break;
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
