using LongDoc.Runtime.Sparse;

namespace LongDoc.Runtime.Backends.Cuda.Kernels;

/// <summary>
/// Shapes of one block selection (kernels/block_select.cu). Legend: T query tokens at Start.., H heads, Hkv KV
/// heads, Dk key width, B block size, W window tokens, budget blocks per list (<see cref="SparseAttentionOptions.BudgetBlocks"/>),
/// KS list capacity, NBcap stats capacity. Query blocks are aligned to positions: NQ = (Start+T-1)/B - Start/B + 1.
/// </summary>
public sealed record BlockSelectShape(int Tokens, int Heads, int KvHeads, int KeyDim, int Start, int BlockSize,
    int BlockCapacity, int Window, int BudgetBlocks, int MaxSelected, BlockScore Score)
{
    public int QueryBlocks => AttentionShapes.QueryBlocks(Start, Tokens, BlockSize);
    public int KeyBlocks => KernelTypes.CeilDiv(Start + Tokens, BlockSize);
}

/// <summary>
/// Launch configuration of block_select.cu: grid (NQ, Hkv), 256 threads, dynamic shared memory for the pooled query
/// (Dk floats), the scores (NB floats) and the chosen flags (NB bytes).
/// </summary>
public static class BlockSelectLauncher
{
    public const string File = "block_select.cu";

    /// <summary>The kernel's score_kind parameter per score.</summary>
    public static readonly IReadOnlyDictionary<BlockScore, int> ScoreKinds = new Dictionary<BlockScore, int>
    {
        [BlockScore.Quest] = 0,
        [BlockScore.MeanKey] = 1,
    };

    public static int SharedBytes(BlockSelectShape s) => (s.KeyDim + s.KeyBlocks) * 4 + (s.KeyBlocks + 15) / 16 * 16;

    public static LaunchConfig Configure(BlockSelectShape s)
    {
        AttentionShapes.CheckHeads(File, s.Heads, s.KvHeads);
        if (s.Tokens < 1 || s.Start < 0 || s.BlockSize < 1 || s.KeyDim < 1 || s.Window < 1 || s.BudgetBlocks < 1)
            throw new ArgumentException($"{File}: tokens {s.Tokens}, start {s.Start}, block {s.BlockSize}, key width {s.KeyDim}, window {s.Window}, budget {s.BudgetBlocks} blocks out of range");
        if (!ScoreKinds.ContainsKey(s.Score)) throw new ArgumentException($"{File}: no score kind for {s.Score}");
        if (s.KeyBlocks > s.BlockCapacity) throw new ArgumentException($"{File}: {s.KeyBlocks} key blocks exceed the statistics capacity {s.BlockCapacity}");
        int need = Math.Min(AttentionShapes.ListCapacity(s.BlockSize, s.Window, s.BudgetBlocks), s.KeyBlocks);
        if (s.MaxSelected < need)
            throw new ArgumentException($"{File}: lists of {s.MaxSelected} blocks cannot hold sink + window + the budget of {s.BudgetBlocks} (need {need})");
        return new LaunchConfig(File, "block_select", Dim3.Of(s.QueryBlocks, s.KvHeads), Dim3.Of(256), SharedBytes(s));
    }

    /// <summary>sel (NQ, Hkv, KS) ascending and nsel (NQ, Hkv) from q (T, H, Dk) and kmin, kmax, ksum (Hkv, NBcap, Dk).</summary>
    public static void Run(CudaKernels kernels, CudaStream stream, BlockSelectShape s, DevicePointer q, DevicePointer kmin, DevicePointer kmax,
        DevicePointer ksum, DevicePointer sel, DevicePointer nsel)
    {
        var c = Configure(s);
        var a = Args(s, q, kmin, kmax, ksum, sel, nsel);
        c.Launch(kernels, stream, ref a);
    }

    /// <summary>The kernel parameters of <see cref="Run"/>, in the declaration order of the entry point.</summary>
    internal static KernelArgs Args(BlockSelectShape s, DevicePointer q, DevicePointer kmin, DevicePointer kmax,
        DevicePointer ksum, DevicePointer sel, DevicePointer nsel)
    {
        var a = new KernelArgs();
        a.Add(q); a.Add(kmin); a.Add(kmax); a.Add(ksum); a.Add(sel); a.Add(nsel);
        a.Add(s.Tokens); a.Add(s.Heads); a.Add(s.KvHeads); a.Add(s.KeyDim); a.Add(s.Start); a.Add(s.BlockSize); a.Add(s.BlockCapacity);
        a.Add(s.Window); a.Add(s.BudgetBlocks); a.Add(s.MaxSelected); a.Add(ScoreKinds[s.Score]);
        return a;
    }
}
