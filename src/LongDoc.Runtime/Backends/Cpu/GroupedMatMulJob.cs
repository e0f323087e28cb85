using LongDoc.Runtime.Weights;

namespace LongDoc.Runtime.Backends.Cpu;

/// <summary>
/// Several quantized matmuls (Q8_K activations already made) as one parallel job: the chunks of all of them from one
/// counter, so the pool is woken once for a layer's experts instead of once per expert and matrix. Each matmul runs
/// as <see cref="MatMulJob"/> alone would, so every result is the same.
/// </summary>
internal sealed unsafe class GroupedMatMulJob : IParallelJob
{
    MatMulJob[] _jobs = [];
    int[] _first = [];   // the first chunk of each job
    int _count;

    public int Chunks { get; private set; }

    public void Clear()
    {
        _count = 0;
        Chunks = 0;
    }

    /// <summary>y (tokens, w.Rows) = x @ w^T, x the tokens' Q8_K rows (<paramref name="xk"/>, back to back).</summary>
    public void Add(in WeightMatrix w, in QuantDot quant, byte* xk, float* y, int tokens)
    {
        if (_count == _jobs.Length)
        {
            int grown = Math.Max(8, 2 * _jobs.Length);
            Array.Resize(ref _first, grown);
            Array.Resize(ref _jobs, grown);
            for (int i = _count; i < grown; i++) _jobs[i] = new MatMulJob();
        }
        var job = _jobs[_count];
        job.W = w;
        job.Quant = quant;
        job.Xk = xk;
        job.Y = y;
        job.Tokens = tokens;
        job.PerToken = null;
        _first[_count++] = Chunks;
        Chunks += job.Chunks;
    }

    public void Execute(int chunk)
    {
        int lo = 0, hi = _count - 1;
        while (lo < hi)
        {
            int mid = (lo + hi + 1) / 2;
            if (_first[mid] <= chunk) lo = mid;
            else hi = mid - 1;
        }
        _jobs[lo].Execute(chunk - _first[lo]);
    }
}
