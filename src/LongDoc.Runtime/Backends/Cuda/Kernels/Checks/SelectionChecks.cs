using LongDoc.Runtime.Backends.Cuda.Kernels.Reference;
using LongDoc.Runtime.Backends.Cuda.SelfTest;
using LongDoc.Runtime.Sparse;
using LongDoc.Runtime.Weights;

namespace LongDoc.Runtime.Backends.Cuda.Kernels.Checks;

/// <summary>
/// Self-test checks of block_stats.cu (min, max and sum are exact: the same f32 additions in the same order) and
/// block_select.cu (the lists must be equal: the output compared is, per query block and group, the count followed
/// by the chosen blocks). Size = cached positions S; the chunks start unaligned to the block. The device reduces the
/// scores across a warp and the reference sums them in order, so two candidates whose scores differ in the last bits
/// could swap; random keys make that rare, and a swap shows as a failure worth reading.
/// </summary>
public static class SelectionChecks
{
    const int Heads = 8, KvHeads = 2, Dk = 64, Block = 64, Window = 256, BudgetBlocks = 9;

    /// <summary>A size at which every visible block of every query fits the budget.</summary>
    public const int AllFit = 500;

    public static readonly IReadOnlyList<KernelCheck> All =
    [
        new("block_stats_bf16", "exact", 0, [1, 200, 5000], (c, n, r) => Stats(c, n, r, GgmlType.BF16)),
        new("block_stats_f16", "exact", 0, [1, 200, 5000], (c, n, r) => Stats(c, n, r, GgmlType.F16)),
        // 500 positions = 8 blocks <= the budget's 9: every visible block fits, the case where block_select.cu once chose
        // the sink block alone (the simulated device found it)
        new("block_select", "exact", 0, [1, AllFit, 1000, 9000, 33000], (c, n, r) => CheckInputs.Concat(
            Select(c, n, r, 1, BlockScore.Quest), Select(c, n, r, Math.Min(n, 300), BlockScore.Quest),
            Select(c, n, r, Math.Min(n, 300), BlockScore.MeanKey))),
    ];

    static CheckOutput Stats(CudaCheckContext c, int positions, Random rng, GgmlType type)
    {
        int cap = positions + 7, blocks = (positions + Block - 1) / Block;
        var (bits, k) = CheckInputs.Cache(type, CudaCheckContext.RandomFloats(rng, KvHeads * cap * Dk));
        var lo = new float[KvHeads * blocks * Dk];
        var hi = new float[KvHeads * blocks * Dk];
        var sum = new float[KvHeads * blocks * Dk];
        BlockSelectionReference.Stats(k, lo, hi, sum, KvHeads, cap, Dk, Block, positions, 0, blocks);
        var dlo = c.Poisoned<float>(lo.Length);
        var dhi = c.Poisoned<float>(hi.Length);
        var dsum = c.Poisoned<float>(sum.Length);
        BlockStatsLauncher.Run(c.Kernels, c.Stream, KvHeads, Dk, Block, positions, 0, blocks, cap, type, c.Input<ushort>(bits).Pointer,
            dlo.Pointer, dhi.Pointer, dsum.Pointer);
        return new($"S={positions} Hkv={KvHeads} Dk={Dk} B={Block}", [.. lo, .. hi, .. sum], [.. c.Read(dlo), .. c.Read(dhi), .. c.Read(dsum)]);
    }

    static CheckOutput Select(CudaCheckContext c, int positions, Random rng, int tokens, BlockScore score)
    {
        int start = positions - tokens, blocks = (positions + Block - 1) / Block;
        int ks = Math.Min(AttentionShapes.ListCapacity(Block, Window, BudgetBlocks), blocks);
        var shape = new BlockSelectShape(tokens, Heads, KvHeads, Dk, start, Block, blocks, Window, BudgetBlocks, ks, score);
        var q = CudaCheckContext.RandomFloats(rng, tokens * Heads * Dk);
        var kmin = CudaCheckContext.RandomFloats(rng, KvHeads * blocks * Dk);
        var kmax = kmin.Select(x => x + (float)rng.NextDouble()).ToArray();
        var ksum = CudaCheckContext.RandomFloats(rng, KvHeads * blocks * Dk);
        var sel = new int[shape.QueryBlocks * KvHeads * ks];
        var n = new int[shape.QueryBlocks * KvHeads];
        BlockSelectionReference.Select(shape, q, kmin, kmax, ksum, sel, n);

        var dsel = c.Poisoned<int>(sel.Length);
        var dn = c.Poisoned<int>(n.Length);
        BlockSelectLauncher.Run(c.Kernels, c.Stream, shape, c.Input<float>(q).Pointer, c.Input<float>(kmin).Pointer, c.Input<float>(kmax).Pointer,
            c.Input<float>(ksum).Pointer, dsel.Pointer, dn.Pointer);
        return new($"S={positions} T={tokens} H={Heads}/{KvHeads} W={Window} budget={BudgetBlocks} {score}", Lists(sel, n, ks), Lists(c.Read(dsel), c.Read(dn), ks));
    }

    /// <summary>Per list: its count, then its entries (entries past a list's count are not outputs).</summary>
    static float[] Lists(int[] sel, int[] n, int ks)
    {
        var x = new List<float>();
        for (int i = 0; i < n.Length; i++)
        {
            int count = n[i];
            x.Add(count);
            for (int j = 0; j < Math.Clamp(count, 0, ks); j++) x.Add(sel[i * ks + j]);
        }
        return [.. x];
    }
}
