using LongDoc.Runtime.Backends.Cuda.Bench;
using LongDoc.Runtime.Sparse;
using LongDoc.Runtime.Weights;

namespace LongDoc.Runtime.Backends.Cuda.Kernels.Benches;

/// <summary>
/// Benchmarks of the block-sparse attention kernels at 32k context with the default budget (B 64, window 1024,
/// budget 4096 tokens = 64 blocks: sink + window + the best others), Qwen3-30B-A3B heads (H 32, Hkv 4, D 128).
/// Flops count every selected 64 x 64 tile in full (QK^T and PV, 4*64*64*D each), the work the tensor cores do.
/// </summary>
public static class SparseBenches
{
    const int Context = 32768, Block = 64, Window = 1024, BudgetBlocks = 64, Heads = 32, KvHeads = 4, D = 128;

    public static readonly IReadOnlyList<(string Name, Func<CudaDevice, CudaKernels, BenchCase> Create)> All =
    [
        ("attn_prefill_bf16_128_128", Prefill),
        ("attn_decode_bf16", Decode),
        ("block_select", Select),
    ];

    static int Ks => AttentionShapes.ListCapacity(Block, Window, BudgetBlocks);

    /// <summary>Lists for the NQ position-aligned query blocks of T tokens at start: sink, window, and the rest of the
    /// budget spread evenly over the other blocks (BlockSelector's counts).</summary>
    static (int[] Sel, int[] N, long Tiles) Lists(int queryBlocks, int start, int tokens)
    {
        int ks = Ks;
        var sel = new int[queryBlocks * KvHeads * ks];
        var n = new int[queryBlocks * KvHeads];
        long tiles = 0;
        for (int i = 0; i < queryBlocks; i++)
        {
            int qb = start / Block + i, visible = qb + 1, first = Math.Max(start, qb * Block);
            var list = new SortedSet<int>();
            if (visible <= BudgetBlocks) list.UnionWith(Enumerable.Range(0, visible));
            else
            {
                int winFirst = Math.Clamp(Math.Max(0, first - Window + 1) / Block, 1, visible - 1);
                int k = Math.Min(Math.Max(0, BudgetBlocks - (1 + visible - winFirst)), winFirst - 1);
                list.Add(0);
                for (int j = winFirst; j < visible; j++) list.Add(j);
                for (int j = 0; j < k; j++) list.Add(1 + (int)((long)j * (winFirst - 1) / k));
            }
            for (int h = 0; h < KvHeads; h++)
            {
                int x = 0;
                foreach (int b in list.Take(ks)) sel[(i * KvHeads + h) * ks + x++] = b;
                n[i * KvHeads + h] = x;
            }
            tiles += Math.Min(list.Count, ks);
        }
        return (sel, n, tiles);
    }

    static BenchCase Prefill(CudaDevice d, CudaKernels k)
    {
        const int Tokens = 4096, Start = Context - Tokens;
        var shape = new AttentionPrefillShape(Tokens, Heads, KvHeads, D, D, Block, Context, Start, Ks, GgmlType.BF16);
        var (sel, n, tiles) = Lists(shape.QueryBlocks, Start, Tokens);
        var q = Zeros<float>(d, (long)Tokens * Heads * D);
        var kv = Zeros<ushort>(d, (long)KvHeads * Context * D);
        var o = Zeros<float>(d, (long)Tokens * Heads * D);
        var ds = Upload(d, sel);
        var dn = Upload(d, n);
        double flops = (double)tiles * Heads * 4.0 * Block * Block * D;
        double bytes = (double)tiles * Heads * 2 * Block * D * 2 + 2.0 * Tokens * Heads * D * 4;
        var c = new BenchCase("attn_prefill_bf16_128_128", $"S={Context} T={Tokens} H={Heads}/{KvHeads} D={D} budget={Ks * Block}", bytes, flops,
            s => AttentionPrefillLauncher.Run(k, s, shape, q.Pointer, kv.Pointer, kv.Pointer, ds.Pointer, dn.Pointer, o.Pointer, 0.088f));
        c.Buffers.AddRange([q, kv, o, ds, dn]);
        return c;
    }

    static BenchCase Decode(CudaDevice d, CudaKernels k)
    {
        var (sel, n, _) = Lists(1, Context - 1, 1);
        int splits = AttentionDecodeLauncher.SplitsFor(Heads, n[0], d.Multiprocessors);
        var shape = new AttentionDecodeShape(Heads, KvHeads, D, D, D, D, Context, Block, Context, Ks, splits, GgmlType.BF16);
        var q = Zeros<float>(d, Heads * D);
        var kv = Zeros<ushort>(d, (long)KvHeads * Context * D);
        var partO = Zeros<float>(d, (long)Heads * splits * D);
        var partMl = Zeros<float>(d, Heads * splits * 2);
        var o = Zeros<float>(d, Heads * D);
        var ds = Upload(d, sel);
        var dn = Upload(d, n);
        double bytes = (double)KvHeads * n[0] * Block * 2 * D * 2;    // each KV head's selected keys and values once
        var c = new BenchCase("attn_decode_bf16", $"S={Context} H={Heads}/{KvHeads} D={D} blocks={n[0]} splits={splits}", bytes, 4.0 * Heads * n[0] * Block * D,
            s => AttentionDecodeLauncher.RunAndMerge(k, s, shape, q.Pointer, kv.Pointer, kv.Pointer, ds.Pointer, dn.Pointer, partO.Pointer, partMl.Pointer, o.Pointer, 0.088f));
        c.Buffers.AddRange([q, kv, partO, partMl, o, ds, dn]);
        return c;
    }

    static BenchCase Select(CudaDevice d, CudaKernels k)
    {
        const int Tokens = 4096, Start = Context - Tokens;
        int blocks = Context / Block;
        var shape = new BlockSelectShape(Tokens, Heads, KvHeads, D, Start, Block, blocks, Window, BudgetBlocks, Ks, BlockScore.Quest);
        var q = Zeros<float>(d, (long)Tokens * Heads * D);
        var kmin = Zeros<float>(d, (long)KvHeads * blocks * D);
        var kmax = Zeros<float>(d, (long)KvHeads * blocks * D);
        var ksum = Zeros<float>(d, (long)KvHeads * blocks * D);
        var sel = Zeros<int>(d, (long)shape.QueryBlocks * KvHeads * Ks);
        var n = Zeros<int>(d, shape.QueryBlocks * KvHeads);
        double bytes = (double)Tokens * Heads * D * 4 + (double)shape.QueryBlocks * KvHeads * blocks * D * 8;
        var c = new BenchCase("block_select", $"S={Context} T={Tokens} H={Heads}/{KvHeads} D={D}", bytes, 0,
            s => BlockSelectLauncher.Run(k, s, shape, q.Pointer, kmin.Pointer, kmax.Pointer, ksum.Pointer, sel.Pointer, n.Pointer));
        c.Buffers.AddRange([q, kmin, kmax, ksum, sel, n]);
        return c;
    }

    internal static DeviceBuffer<T> Zeros<T>(CudaDevice d, long n) where T : unmanaged
    {
        var b = new DeviceBuffer<T>(d, n);
        b.Clear();
        return b;
    }

    internal static DeviceBuffer<T> Upload<T>(CudaDevice d, T[] x) where T : unmanaged
    {
        var b = new DeviceBuffer<T>(d, x.Length);
        b.Upload(x);
        return b;
    }
}
