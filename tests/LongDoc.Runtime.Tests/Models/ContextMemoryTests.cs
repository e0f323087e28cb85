using LongDoc.Runtime.Models;
using LongDoc.Runtime.Sparse;

namespace LongDoc.Runtime.Tests.Models;

public sealed class ContextMemoryTests
{
    static readonly ModelConfig Dense = new()
    {
        Architecture = "qwen3", ContextLength = 40960, EmbeddingLength = 2048, BlockCount = 48, HeadCount = 32, HeadCountKv = 4,
        KeyLength = 128, ValueLength = 128, VocabSize = 151936, FeedForwardLength = 6144,
    };

    static readonly ModelConfig Mla = Dense with
    {
        Architecture = "deepseek2", BlockCount = 27, HeadCount = 16, HeadCountKv = 16, KeyLength = 192, ValueLength = 128,
        KvLoraRank = 512, RopeDimensionCount = 64, ExpertCount = 64, ExpertUsedCount = 6, ExpertFeedForwardLength = 1408,
    };

    [Fact]
    public void DeviceBytesPerToken_Qwen3Shape_KAndVOfEveryKvHeadAndLayer()
    {
        Assert.Equal(48L * 4 * (128 + 128) * 2, ContextMemory.DeviceBytesPerToken(Dense, KvCacheType.F16));
        Assert.Equal(48L * 4 * (128 + 128) * 4, ContextMemory.DeviceBytesPerToken(Dense, KvCacheType.F32));
        Assert.Equal(27L * 1 * (512 + 64) * 2, ContextMemory.DeviceBytesPerToken(Mla, KvCacheType.F16)); // the latent row only
    }

    [Fact]
    public void HostBytesPerToken_SparseAttention_AddsTheBlockStatistics()
    {
        long dense = ContextMemory.HostBytesPerToken(Dense, KvCacheType.F16, SparseAttentionOptions.Dense, 512);
        long sparse = ContextMemory.HostBytesPerToken(Dense, KvCacheType.F16, new SparseAttentionOptions { Block = 64 }, 512);
        Assert.Equal(48L * 4 * 3 * 128 * 4 / 64, sparse - dense);
    }

    [Fact]
    public void HostBytesPerToken_Mla_EqualsTheGrowthOfMlaScratchWithTheContext()
    {
        static long Floats(MlaScratch s) => typeof(MlaScratch).GetFields().Where(f => f.FieldType == typeof(float[])).Sum(f => (long)((float[])f.GetValue(s)!).Length);
        long perToken = (Floats(new MlaScratch(Mla, 512, 2000)) - Floats(new MlaScratch(Mla, 512, 1000))) * sizeof(float) / 1000;
        long withoutScratch = ContextMemory.DeviceBytesPerToken(Mla, KvCacheType.F16) + (long)Environment.ProcessorCount * sizeof(float);
        Assert.Equal(perToken, ContextMemory.HostBytesPerToken(Mla, KvCacheType.F16, SparseAttentionOptions.Dense, 512) - withoutScratch);
    }

    [Fact]
    public void HostBytesPerToken_Dsa_AddsTheIndexKeysOfSelectingLayersAndTheScratchGrowth()
    {
        static long Bytes(DsaScratch s) => typeof(DsaScratch).GetFields().Sum(f => f.GetValue(s) switch
        {
            float[] a => a.Length * 4L,
            int[] a => a.Length * 4L,
            byte[] a => a.Length,
            _ => 0,
        });
        var dsa = Mla with { Indexer = new DsaIndexer(64, 128, 2048, [.. Enumerable.Range(0, 27).Select(l => l % 3 == 0)]) };
        // top_k below both; both whole tiles of 32 positions (the score rows' stride)
        long scratch = (Bytes(new DsaScratch(dsa, 512, 5024)) - Bytes(new DsaScratch(dsa, 512, 4000))) / 1024;
        long withoutDsa = ContextMemory.HostBytesPerToken(Mla, KvCacheType.F16, SparseAttentionOptions.Dense, 512);
        Assert.Equal(9L * 128 * 2 + scratch + DsaScratch.ScoreTokens * sizeof(float), ContextMemory.HostBytesPerToken(dsa, KvCacheType.F16, SparseAttentionOptions.Dense, 512) - withoutDsa);
    }
}
