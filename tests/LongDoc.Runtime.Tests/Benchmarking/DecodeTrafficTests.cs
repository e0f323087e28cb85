using LongDoc.Runtime.Benchmarking;
using LongDoc.Runtime.Models;
using LongDoc.Runtime.Weights;
using LongDoc.Testing.RandomModels;

namespace LongDoc.Runtime.Tests.Benchmarking;

public class DecodeTrafficTests
{
    static DecodeTraffic Measure(RandomModelSpec spec, int context, KvCacheType kv)
    {
        var dir = Directory.CreateTempSubdirectory("longdoc-traffic-");
        try
        {
            string path = Path.Combine(dir.FullName, "m.gguf");
            RandomModelWriter.WriteGguf(spec, path);
            using var files = ModelFiles.Open(path);
            return DecodeTraffic.PerToken(files.Config, files.Weights, context, kv);
        }
        finally { dir.Delete(recursive: true); }
    }

    static long Q8(long values) => values / 32 * 34;   // Q8_0: 34 bytes per 32 values

    [Fact]
    public void PerToken_Q8MoeModel_CountsTopKExpertsOneEmbeddingRowAndTheCachedPositions()
    {
        var s = new RandomModelSpec { WeightType = GgmlType.Q8_0, Experts = 8, ExpertsUsed = 2, Vocab = 320 };
        long d = s.Embedding, q = s.Heads * s.HeadDim, kv = s.KvHeads * s.HeadDim;
        long attention = Q8(q * d) + 2 * Q8(kv * d) + Q8(d * q) + 2 * s.HeadDim * 4L;   // q, k, v, output; q/k norms in F32
        long experts = 3 * Q8(s.ExpertsUsed * s.ExpertFfn * d);                        // gate, up, down of the top 2 of 8
        long layer = attention + experts + s.Experts * d * 4 + 2 * d * 4;               // router and 2 norms in F32
        long weights = s.Layers * layer + Q8(d) + d * 4 + Q8(s.Vocab * d);              // one embedding row, output norm, output
        long kvBytes = 100L * s.Layers * kv * 2 * 2;                                     // K and V in F16 at 100 positions

        var traffic = Measure(s, context: 100, KvCacheType.F16);

        Assert.Equal(weights, traffic.WeightBytes);
        Assert.Equal(kvBytes, traffic.KvBytes);
        Assert.Equal(weights + kvBytes, traffic.TotalBytes);
    }

    [Fact]
    public void PerToken_TiedEmbeddings_ReadsTheWholeEmbeddingAsTheOutputMatrix()
    {
        var untied = new RandomModelSpec { Experts = 8, ExpertsUsed = 2 };
        long d = untied.Embedding;

        var a = Measure(untied, context: 0, KvCacheType.F32);
        var b = Measure(untied with { TiedEmbeddings = true }, context: 0, KvCacheType.F32);

        // Untied: one F32 embedding row plus the (V, D) output; tied: the (V, D) embedding once.
        Assert.Equal(a.WeightBytes - d * 4, b.WeightBytes);
        Assert.Equal(0, b.KvBytes);
    }

    [Fact]
    public void PerToken_DeepSeek2_CountsTheLatentCacheAndSharedExpertsWhole()
    {
        var s = new RandomModelSpec
        {
            Architecture = "deepseek2", Experts = 8, ExpertsUsed = 2, SharedExperts = 1, LeadingDense = 1, Layers = 2,
        };
        var all = s with { ExpertsUsed = 8 };

        var traffic = Measure(s, context: 10, KvCacheType.F32);
        var everyExpert = Measure(all, context: 10, KvCacheType.F32);

        // One MoE layer: 6 of 8 routed experts' gate, up and down (F32) are not read; the shared one always is.
        Assert.Equal(6L * 3 * s.ExpertFfn * s.Embedding * 4, everyExpert.WeightBytes - traffic.WeightBytes);
        Assert.Equal(10L * s.Layers * (s.KvLoraRank + s.RopeDims) * 4, traffic.KvBytes);
    }
}
