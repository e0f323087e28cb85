using LongDoc.Runtime.Backends.Cuda.Kernels.Reference;
using LongDoc.Runtime.Backends.Cuda.SelfTest;
using LongDoc.Runtime.Sparse;
using LongDoc.Runtime.Weights;

namespace LongDoc.Runtime.Backends.Cuda.Kernels.Checks;

/// <summary>
/// Self-test checks of the block-sparse attention kernels against <see cref="KernelAttentionReference"/> on the same
/// 16-bit keys and values and the same selection (from <see cref="BlockSelectionReference"/> on random data, so the
/// lists hold a sink, a window and scattered blocks; prefill chunks start unaligned to the block, so query blocks
/// straddle the chunk's start as the CPU op's do). Size = cached positions S. Prefill rounds q and the softmax
/// weights to 16 bits for the tensor cores: bound 1e-2 (bf16), 3e-3 (f16). Decode stays in f32: 1e-5.
/// </summary>
public static class AttentionChecks
{
    const int Block = 64, Window = 128, BudgetBlocks = 6;

    public static readonly IReadOnlyList<KernelCheck> All =
    [
        new("attn_prefill_bf16_64_64", "bf16", 1e-2, [70, 300, 1100], (c, n, r) => Prefill(c, n, r, GgmlType.BF16, 64, 64)),
        new("attn_prefill_f16_128_128", "f16", 3e-3, [70, 300, 1100], (c, n, r) => Prefill(c, n, r, GgmlType.F16, 128, 128)),
        new("attn_prefill_bf16_192_128", "bf16", 1e-2, [70, 700], (c, n, r) => Prefill(c, n, r, GgmlType.BF16, 192, 128)),
        new("attn_decode_bf16", "bf16", 1e-5, [1, 300, 5000], (c, n, r) => Decode(c, n, r, GgmlType.BF16, 128)),
        new("attn_decode_f16", "f16", 1e-5, [1, 300, 2000], Mla),
        .. SparseOpChecks.All,
    ];

    /// <summary>q (T, H, Dk) for the last T = min(S, 200) positions of S over random 16-bit k and v.</summary>
    static CheckOutput Prefill(CudaCheckContext c, int positions, Random rng, GgmlType type, int dk, int dv)
    {
        const int Heads = 8, KvHeads = 2;
        int tokens = Math.Min(positions, 200), start = positions - tokens, cap = positions;
        var q = CudaCheckContext.RandomFloats(rng, tokens * Heads * dk);
        var (kBits, k) = CheckInputs.Cache(type, CudaCheckContext.RandomFloats(rng, KvHeads * cap * dk));
        var (vBits, v) = CheckInputs.Cache(type, CudaCheckContext.RandomFloats(rng, KvHeads * cap * dv));
        var (sel, nsel, ks) = Selection(q, k, tokens, Heads, KvHeads, dk, start, cap);
        float scale = 1f / MathF.Sqrt(dk);
        var expected = new float[tokens * Heads * dv];
        KernelAttentionReference.Run(q, k, v, sel, nsel, expected, tokens, Heads, KvHeads, dk, dv, dk, dv, cap, start, Block, ks, scale);

        var o = c.Poisoned<float>(expected.Length);
        var shape = new AttentionPrefillShape(tokens, Heads, KvHeads, dk, dv, Block, cap, start, ks, type);
        AttentionPrefillLauncher.Run(c.Kernels, c.Stream, shape, c.Input<float>(q).Pointer, c.Input<ushort>(kBits).Pointer,
            c.Input<ushort>(vBits).Pointer, c.Input<int>(sel).Pointer, c.Input<int>(nsel).Pointer, o.Pointer, scale);
        return new($"S={positions} T={tokens} H={Heads}/{KvHeads} D={dk}/{dv} B={Block}", expected, c.Read(o));
    }

    static CheckOutput Decode(CudaCheckContext c, int positions, Random rng, GgmlType type, int d)
    {
        const int Heads = 8, KvHeads = 2;
        var q = CudaCheckContext.RandomFloats(rng, Heads * d);
        var (kBits, k) = CheckInputs.Cache(type, CudaCheckContext.RandomFloats(rng, KvHeads * positions * d));
        var (vBits, v) = CheckInputs.Cache(type, CudaCheckContext.RandomFloats(rng, KvHeads * positions * d));
        var (sel, nsel, ks) = Selection(q, k, 1, Heads, KvHeads, d, positions - 1, positions);
        float scale = 1f / MathF.Sqrt(d);
        var expected = new float[Heads * d];
        KernelAttentionReference.Run(q, k, v, sel, nsel, expected, 1, Heads, KvHeads, d, d, d, d, positions, positions - 1, Block, ks, scale);

        int splits = Math.Min(3, nsel.Max());
        var shape = new AttentionDecodeShape(Heads, KvHeads, d, d, d, d, positions, Block, positions, ks, splits, type);
        var o = c.Poisoned<float>(expected.Length);
        AttentionDecodeLauncher.RunAndMerge(c.Kernels, c.Stream, shape, c.Input<float>(q).Pointer, c.Input<ushort>(kBits).Pointer,
            c.Input<ushort>(vBits).Pointer, c.Input<int>(sel).Pointer, c.Input<int>(nsel).Pointer,
            c.Poisoned<float>(Heads * splits * d).Pointer, c.Poisoned<float>(Heads * splits * 2).Pointer, o.Pointer, scale);
        return new($"S={positions} H={Heads}/{KvHeads} D={d} splits={splits}", expected, c.Read(o));
    }

    /// <summary>Absorbed MLA decode: 4 heads over a latent cache (1, S, 576) whose first 512 channels are the values.</summary>
    static CheckOutput Mla(CudaCheckContext c, int positions, Random rng)
    {
        const int Heads = 4, Latent = 512, Rope = 64, Row = Latent + Rope;
        var q = CudaCheckContext.RandomFloats(rng, Heads * Row, 0.2f);
        var (bits, cache) = CheckInputs.Cache(GgmlType.F16, CudaCheckContext.RandomFloats(rng, positions * Row));
        var (sel, nsel, ks) = Selection(q, cache, 1, Heads, 1, Row, positions - 1, positions);
        float scale = 1f / MathF.Sqrt(192);
        var expected = new float[Heads * Latent];
        KernelAttentionReference.Run(q, cache, cache, sel, nsel, expected, 1, Heads, 1, Row, Latent, Row, Row, positions, positions - 1, Block, ks, scale);

        int splits = Math.Min(4, nsel.Max());
        var shape = MlaDecodeLauncher.Shape(Heads, Latent, Rope, positions, Block, positions, ks, splits, GgmlType.F16);
        var o = c.Poisoned<float>(expected.Length);
        MlaDecodeLauncher.Run(c.Kernels, c.Stream, shape, c.Input<float>(q).Pointer, c.Input<ushort>(bits).Pointer, c.Input<int>(sel).Pointer,
            c.Input<int>(nsel).Pointer, c.Poisoned<float>(Heads * splits * Latent).Pointer, c.Poisoned<float>(Heads * splits * 2).Pointer, o.Pointer, scale);
        return new($"MLA S={positions} H={Heads} latent={Latent}+{Rope} splits={splits}", expected, c.Read(o));
    }

    /// <summary>Sink + window + best-scored lists for q over k (Hkv, cap, Dk), by the scalar reference (Quest bound).</summary>
    static (int[] Sel, int[] N, int Ks) Selection(float[] q, float[] k, int tokens, int heads, int kvHeads, int dk, int start, int cap)
    {
        int positions = start + tokens, blocks = (positions + Block - 1) / Block, ks = AttentionShapes.ListCapacity(Block, Window, BudgetBlocks);
        var kmin = new float[kvHeads * blocks * dk];
        var kmax = new float[kvHeads * blocks * dk];
        var ksum = new float[kvHeads * blocks * dk];
        BlockSelectionReference.Stats(k, kmin, kmax, ksum, kvHeads, cap, dk, Block, positions, 0, blocks);
        var shape = new BlockSelectShape(tokens, heads, kvHeads, dk, start, Block, blocks, Window, BudgetBlocks, ks, BlockScore.Quest);
        var sel = new int[shape.QueryBlocks * kvHeads * ks];
        var n = new int[shape.QueryBlocks * kvHeads];
        BlockSelectionReference.Select(shape, q, kmin, kmax, ksum, sel, n);
        return (sel, n, ks);
    }
}
