using LongDoc.Runtime.Backends.Cpu;
using LongDoc.Runtime.Backends.Cuda.Kernels;
using LongDoc.Runtime.Backends.Cuda.Kernels.Reference;
using LongDoc.Runtime.Models;

namespace LongDoc.Runtime.Tests.Backends.Cuda.Kernels.Reference;

/// <summary>The CUDA self-test's attention oracle equals the CPU backend's dense attention when every block is selected.</summary>
public sealed class KernelAttentionReferenceTests
{
    [Theory]
    [InlineData(5, 0, 16)]     // prefill from position 0, several query blocks
    [InlineData(3, 37, 16)]    // prefill after a prefix, a query block straddling key blocks
    [InlineData(20, 10, 16)]   // unaligned start: two position-aligned query blocks (positions 10..15, 16..29)
    [InlineData(1, 70, 32)]    // decode
    public void Run_AllBlocksSelected_EqualsCpuDenseAttention(int tokens, int start, int blockSize)
    {
        const int heads = 4, kvHeads = 2, dk = 8, dv = 8, capacity = 128;
        var rng = new Random(tokens * 1000 + start);
        float[] Rand(int n) => Enumerable.Range(0, n).Select(_ => (float)(rng.NextDouble() * 2 - 1)).ToArray();
        int positions = start + tokens;
        var kAll = Rand(positions * kvHeads * dk);            // (S, Hkv, Dk), as StoreKv takes them
        var vAll = Rand(positions * kvHeads * dv);
        var q = Rand(tokens * heads * dk);

        using var cache = new KvCache(1, capacity, kvHeads, dk, dv, KvCacheType.F32);
        cache.Store(0, 0, positions, kAll, vAll);
        using var cpu = new CpuBackend(1);
        var expected = new float[tokens * heads * dv];
        cpu.Attention(q, cache, 0, start, tokens, heads, expected);

        var k = new float[kvHeads * capacity * dk];           // (Hkv, cap, Dk), the CUDA cache layout
        var v = new float[kvHeads * capacity * dv];
        for (int p = 0; p < positions; p++)
            for (int h = 0; h < kvHeads; h++)
            {
                Array.Copy(kAll, (p * kvHeads + h) * dk, k, (h * capacity + p) * dk, dk);
                Array.Copy(vAll, (p * kvHeads + h) * dv, v, (h * capacity + p) * dv, dv);
            }
        int queryBlocks = AttentionShapes.QueryBlocks(start, tokens, blockSize), keyBlocks = (positions + blockSize - 1) / blockSize;
        var sel = new int[queryBlocks * kvHeads * keyBlocks];
        var nsel = new int[queryBlocks * kvHeads];
        for (int i = 0; i < queryBlocks * kvHeads; i++)
        {
            for (int j = 0; j < keyBlocks; j++) sel[i * keyBlocks + j] = keyBlocks - 1 - j;   // order must not matter
            nsel[i] = keyBlocks;
        }
        var actual = new float[expected.Length];
        KernelAttentionReference.Run(q, k, v, sel, nsel, actual, tokens, heads, kvHeads, dk, dv, dk, dv, capacity, start,
            blockSize, keyBlocks, 1f / MathF.Sqrt(dk));
        for (int i = 0; i < expected.Length; i++) Assert.Equal(expected[i], actual[i], 4e-5f);
    }

    [Fact]
    public void Run_OnlySinkSelected_AttendsToSinkKeysOnly()
    {
        // Values are the position: with only block 0 selected, every output is a convex mix of positions 0..B-1.
        const int capacity = 64, block = 8, tokens = 1, start = 40;
        var k = new float[capacity * 2];
        var v = new float[capacity * 2];
        for (int p = 0; p < capacity; p++) { k[p * 2] = 1; v[p * 2] = p; v[p * 2 + 1] = p; }
        var o = new float[2];
        KernelAttentionReference.Run(new float[] { 1, 0 }, k, v, new[] { 0 }, new[] { 1 }, o, tokens, 1, 1, 2, 2, 2, 2, capacity, start, block, 1, 1f);
        Assert.Equal(3.5f, o[0], 1e-5f);                      // equal scores: the mean of 0..7
    }
}
