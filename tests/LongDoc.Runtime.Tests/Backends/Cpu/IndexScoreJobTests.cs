using LongDoc.Runtime.Backends;
using LongDoc.Runtime.Backends.Cpu;
using LongDoc.Runtime.Layers;
using LongDoc.Runtime.Models;

namespace LongDoc.Runtime.Tests.Backends.Cpu;

/// <summary>The DSA indexer's fused score tile against its scalar reference, and the CPU backend's prompt-batch selection
/// against scores summed in the same order and sorted.</summary>
public unsafe class IndexScoreJobTests
{
    [Fact]
    public void Tile_Heads1To20_EqualsScalarBitForBit()
    {
        if (!KernelData.Has512) return;
        var rng = new Random(3);
        const int Di = 40;
        for (int heads = 1; heads <= 20; heads++)
        {
            var kt = KernelData.Floats(rng, Di * IndexScoreJob.Keys);
            var q = KernelData.Floats(rng, heads * Di);
            var w = KernelData.Floats(rng, heads);
            var fast = new float[IndexScoreJob.Keys];
            var scalar = new float[IndexScoreJob.Keys];
            fixed (float* pk = kt, pq = q, pw = w, pf = fast, ps = scalar)
            {
                IndexScoreJob.Tile(pk, pq, pw, heads, Di, pf);
                IndexScoreJob.Scalar(pk, pq, pw, heads, Di, ps);
            }
            Assert.Equal(scalar, fast);
            Assert.Contains(scalar, s => s != 0); // not every ReLU clipped
        }
    }

    [Theory]
    [InlineData(KvCacheType.F32)]
    [InlineData(KvCacheType.F16)]
    public void TrySelect_PromptOf300_SameAsScalarScoresSorted(KvCacheType type)
    {
        const int Hi = 12, Di = 48, TopK = 40, Start = 20, Tokens = 280, P = Start + Tokens;
        var rng = new Random(9);
        var keys = KernelData.Floats(rng, P * Di);
        using var cache = new IndexKeyCache([true], P, Di, type);
        cache.Store(0, 0, P, keys);
        var stored = new float[P * Di];   // the keys as the cache holds them
        for (int i = 0; i < stored.Length; i++) stored[i] = type == KvCacheType.F16 ? (float)(Half)keys[i] : keys[i];
        var d = new DsaScratch(new DsaIndexer(Hi, Di, TopK), 1, 1, Tokens, P);
        KernelData.Floats(rng, Tokens * Hi * Di).CopyTo(d.Q, 0);
        KernelData.Floats(rng, Tokens * Hi).CopyTo(d.W, 0);
        using var cpu = new CpuBackend(2);
        Assert.True(cpu.TrySelect(new DsaSelectCall(cache, 0, Start, Tokens, Hi, TopK, 1f), d.Q, d.W, d.Selected, d.Counts));
        for (int t = 0; t < Tokens; t++)
        {
            int count = Start + t + 1;
            var scores = new float[count];
            for (int s = 0; s < count; s++)
            {
                float score = 0;
                for (int h = 0; h < Hi; h++)
                {
                    float dot = 0;
                    for (int j = 0; j < Di; j++) dot = MathF.FusedMultiplyAdd(Query(d.Q[(t * Hi + h) * Di + j], type), stored[s * Di + j], dot);
                    score = MathF.FusedMultiplyAdd(dot > 0f ? dot : 0f, d.W[t * Hi + h], score);
                }
                scores[s] = score;
            }
            var expected = Enumerable.Range(0, count).OrderByDescending(s => scores[s]).ThenBy(s => s).Take(TopK).Order();
            Assert.Equal(expected, d.Selection(t).ToArray());
        }
    }

    /// <summary>The query as the selection reads it: rounded half-even to f16 precision (13 mantissa bits dropped) for F16
    /// keys, as MatMul over F16 rows rounds its input.</summary>
    static float Query(float q, KvCacheType keys)
    {
        if (keys != KvCacheType.F16) return q;
        uint u = BitConverter.SingleToUInt32Bits(q);
        return BitConverter.UInt32BitsToSingle((u + ((1u << 12) - 1) + ((u >> 13) & 1)) & ~((1u << 13) - 1));
    }
}
