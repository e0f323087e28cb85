using LongDoc.Runtime.Backends.Cuda.SelfTest;
using LongDoc.Runtime.Models;
using LongDoc.Runtime.Sparse;

namespace LongDoc.Runtime.Backends.Cuda.Kernels.Checks;

/// <summary>
/// The device's block-sparse op end to end against the CPU op (the truth): <see cref="DeviceAttention.RunSparse"/>
/// (block_stats_f16, block_select, attn_prefill_f16_64_64, attn_decode_f16 + attn_merge over the KV mirror) and
/// <see cref="Cpu.CpuBackend.SparseAttention"/> on the same F16 cache with block statistics. The cache fills in three
/// stores (a prefix, a prefill chunk at an unaligned start, one decode token), each mirrored as CudaBackend.StoreKv
/// mirrors it, so the device statistics are updated from the mirror as the CPU's are from the cache. A block the
/// device selects differently from the CPU shows as a large error. Size = cached positions S. Bound: f16 prefill (q
/// and softmax weights rounded to 16 bits for the tensor cores), as attn_prefill_f16_128_128. The MLA latent decode
/// (named by its merge, the entry point no other check names) stays in f32: 1e-5.
/// </summary>
public static class SparseOpChecks
{
    const int Heads = 8, KvHeads = 2, D = 64, Block = 64;

    public static readonly IReadOnlyList<KernelCheck> All =
    [
        new("attn_prefill_f16_64_64", "f16", 3e-3, [200, 1000, 5000], SparseOp),
        new("attn_merge", "f16", 1e-5, [300, 2000], LatentDecode),
    ];

    /// <summary>MLA decode on a latent cache (1, S, 512+64), two tokens in a row: the device's sparse decode with the
    /// first 512 channels of the rows as values (attn_decode_f16 with v = k, attn_merge) against the CPU op.</summary>
    static CheckOutput LatentDecode(CudaCheckContext c, int positions, Random rng)
    {
        const int H = 4, Latent = 512, Row = Latent + 64;
        using var cache = new KvCache(1, positions, 1, Row, 0, KvCacheType.F16, Block);
        using var device = new DeviceAttention(c.Device, c.Kernels);
        var options = new SparseAttentionOptions { Block = Block, Window = 128, Budget = 6 * Block, DenseBelowBudget = false };
        var expected = new List<float>();
        var actual = new List<float>();
        c.Cpu.StoreKv(cache, 0, 0, positions - 2, CudaCheckContext.RandomFloats(rng, (positions - 2) * Row), ReadOnlySpan<float>.Empty);
        for (int at = positions - 2; at < positions; at++)
        {
            c.Cpu.StoreKv(cache, 0, at, 1, CudaCheckContext.RandomFloats(rng, Row), ReadOnlySpan<float>.Empty);
            device.Stored(cache, 0, at, 1);
            var q = CudaCheckContext.RandomFloats(rng, H * Row, 0.2f);
            var call = new SparseAttentionCall(cache, 0, at, 1, H, 1f / MathF.Sqrt(192), Latent, options, null);
            var e = new float[H * Latent];
            var a = new float[e.Length];
            c.Cpu.SparseAttention(call, q, e);
            device.RunSparse(c.Stream, CudaRouting.SparseAttention(SparseRoute.Of(call)), call, q, a);
            expected.AddRange(e);
            actual.AddRange(a);
        }
        return new($"MLA S={positions} H={H} latent={Latent}+64 two decode steps, budget 6 blocks", [.. expected], [.. actual]);
    }

    static CheckOutput SparseOp(CudaCheckContext c, int positions, Random rng)
    {
        int tokens = Math.Min(positions - 1, 150), start = positions - 1 - tokens;
        using var cache = new KvCache(1, positions, KvHeads, D, D, KvCacheType.F16, Block);
        using var device = new DeviceAttention(c.Device, c.Kernels);
        var options = new SparseAttentionOptions { Block = Block, Window = 128, Budget = 6 * Block, DenseBelowBudget = false };
        var expected = new List<float>();
        var actual = new List<float>();
        Store(c, cache, device, 0, start, rng);
        foreach (var (at, count) in new[] { (start, tokens), (positions - 1, 1) })
        {
            Store(c, cache, device, at, count, rng);
            var q = CudaCheckContext.RandomFloats(rng, count * Heads * D);
            var call = new SparseAttentionCall(cache, 0, at, count, Heads, 1f / MathF.Sqrt(D), 0, options, null);
            var path = CudaRouting.SparseAttention(SparseRoute.Of(call));
            if (path == CudaPath.Cpu) throw new InvalidOperationException($"sparse check: the call routes to the CPU ({CudaRouting.SparseCpuReason(SparseRoute.Of(call))})");
            var e = new float[count * Heads * D];
            var a = new float[e.Length];
            c.Cpu.SparseAttention(call, q, e);
            device.RunSparse(c.Stream, path, call, q, a);
            expected.AddRange(e);
            actual.AddRange(a);
        }
        return new($"S={positions} chunk {tokens} at {start} then decode, H={Heads}/{KvHeads} D={D} B={Block} budget 6 blocks", [.. expected], [.. actual]);
    }

    /// <summary>Random keys and values for positions at..at+count-1 into the host cache, then the mirror.</summary>
    static void Store(CudaCheckContext c, KvCache cache, DeviceAttention device, int at, int count, Random rng)
    {
        if (count < 1) return;
        c.Cpu.StoreKv(cache, 0, at, count, CudaCheckContext.RandomFloats(rng, count * KvHeads * D), CudaCheckContext.RandomFloats(rng, count * KvHeads * D));
        device.Stored(cache, 0, at, count);
    }
}
