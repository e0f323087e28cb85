using LongDoc.Runtime.Layers;

namespace LongDoc.Runtime.Backends.Cpu;

/// <summary>The DSA top-k of a chunk of query tokens (<see cref="TopPositions"/>), one chunk per token: token i of the
/// chunk, at position Start+i, chooses among positions 0..Start+i of its score row.</summary>
internal sealed unsafe class TopSelectJob : IParallelJob
{
    public float* Scores;        // (C, Stride)
    public int Stride, Start, FirstToken, TopK;
    public int* Selected;        // (T, TopK) of the whole call; chunk i writes row FirstToken + i
    public int* Counts;          // (T)

    public void Execute(int chunk)
    {
        int t = FirstToken + chunk;
        Counts[t] = TopPositions.Select(new ReadOnlySpan<float>(Scores + (long)chunk * Stride, Start + chunk + 1), TopK,
            new Span<int>(Selected + (long)t * TopK, TopK));
    }
}
