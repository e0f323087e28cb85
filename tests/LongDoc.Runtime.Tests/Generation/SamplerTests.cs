using LongDoc.Runtime.Generation;

namespace LongDoc.Runtime.Tests.Generation;

public sealed class SamplerTests
{
    // Logits whose softmax is exactly [0.5, 0.3, 0.15, 0.05].
    static readonly float[] FourWay = [MathF.Log(0.5f), MathF.Log(0.3f), MathF.Log(0.15f), MathF.Log(0.05f)];
    static readonly SamplingOptions Plain = new() { Temperature = 1, TopK = 0, TopP = 1, MinP = 0, Seed = 7 };

    static int[] Draws(float[] logits, SamplingOptions options, int n, int[]? history = null)
    {
        var sampler = new Sampler(logits.Length, options);
        return Enumerable.Range(0, n).Select(_ => sampler.Sample(logits, history ?? [])).ToArray();
    }

    [Fact]
    public void Sample_TemperatureZero_PicksArgMaxWithLowestIdOnTie()
    {
        var sampler = new Sampler(5, SamplingOptions.Greedy);

        Assert.Equal(1, sampler.Sample([0f, 3f, 1f, 3f, -2f], []));
        Assert.Equal(4, sampler.Sample([0f, 0f, 0f, 0f, 9f], []));
    }

    [Fact]
    public void Sample_TopK1_EqualsGreedyForEverySeed()
    {
        var random = new Random(3);
        var logits = Enumerable.Range(0, 500).Select(_ => (float)random.NextDouble() * 4).ToArray();
        int greedy = Sampler.ArgMax(logits);

        for (int seed = 0; seed < 50; seed++)
            Assert.Equal(greedy, Draws(logits, Plain with { TopK = 1, Temperature = 1.5f, Seed = seed }, 1)[0]);
    }

    [Fact]
    public void Sample_TopK5OfLargeVocab_DrawsOnlyTheFiveBest()
    {
        var random = new Random(11);
        var logits = Enumerable.Range(0, 2000).Select(_ => (float)random.NextDouble() * 4).ToArray();
        var best5 = logits.Select((v, i) => (v, i)).OrderByDescending(p => p.v).Take(5).Select(p => p.i).ToHashSet();

        var drawn = Draws(logits, Plain with { TopK = 5, Temperature = 3 }, 2000).ToHashSet();

        Assert.Equal(best5, drawn); // only those, and with a hot temperature all of them
    }

    [Fact]
    public void Sample_TopP075_KeepsTheNucleusOfTwo()
    {
        // 0.5 < 0.75 <= 0.5 + 0.3: the two most likely tokens
        var drawn = Draws(FourWay, Plain with { TopP = 0.75f }, 2000);

        Assert.Equal(new HashSet<int> { 0, 1 }, drawn.ToHashSet());
        // renormalized nucleus: 0.5/0.8 = 0.625
        Assert.InRange(drawn.Count(t => t == 0) / 2000.0, 0.58, 0.67);
    }

    [Fact]
    public void Sample_MinP02_DropsTokensBelowAFifthOfTheTop()
    {
        // keep p >= 0.2 * 0.5 = 0.1: tokens 0, 1, 2
        var drawn = Draws(FourWay, Plain with { MinP = 0.2f }, 3000).ToHashSet();

        Assert.Equal(new HashSet<int> { 0, 1, 2 }, drawn);
    }

    [Fact]
    public void Sample_RepetitionPenalty_DividesPositiveAndMultipliesNegativeLogits()
    {
        var greedy = SamplingOptions.Greedy with { RepetitionPenalty = 1.5f };

        // 2.0 / 1.5 = 1.33 < 1.9
        Assert.Equal(1, new Sampler(2, greedy).Sample([2.0f, 1.9f], [0, 0, 0]));
        // -1.0 * 1.5 = -1.5 < -1.2
        Assert.Equal(1, new Sampler(2, greedy).Sample([-1.0f, -1.2f], [0]));
        // outside the window: no penalty
        Assert.Equal(0, new Sampler(2, greedy with { RepetitionWindow = 1 }).Sample([2.0f, 1.9f], [0, 1]));
    }

    [Fact]
    public void Sample_SameSeed_SameDraws_OtherSeed_OtherDraws()
    {
        var a = Draws(FourWay, Plain with { Seed = 42 }, 200);
        var b = Draws(FourWay, Plain with { Seed = 42 }, 200);
        var c = Draws(FourWay, Plain with { Seed = 43 }, 200);

        Assert.Equal(a, b);
        Assert.NotEqual(a, c);
    }

    [Theory]
    [InlineData(1.0f)]
    [InlineData(2.0f)]
    public void Sample_ManyDraws_FrequenciesMatchSoftmaxAtTemperature(float temperature)
    {
        float[] logits = [1f, 0f, -1f, 0.5f];
        const int n = 40_000;
        var drawn = Draws(logits, Plain with { Temperature = temperature }, n);

        var exp = logits.Select(l => Math.Exp(l / temperature)).ToArray();
        for (int t = 0; t < logits.Length; t++)
            Assert.InRange(drawn.Count(d => d == t) / (double)n, exp[t] / exp.Sum() - 0.01, exp[t] / exp.Sum() + 0.01);
    }

    [Theory]
    [InlineData(40)]
    [InlineData(0)]
    public void Sample_AfterFirstCall_AllocatesNothing(int topK)
    {
        var random = new Random(5);
        var logits = Enumerable.Range(0, 4096).Select(_ => (float)random.NextDouble() * 8).ToArray();
        int[] history = [1, 2, 3, 2, 1];
        var sampler = new Sampler(logits.Length, new SamplingOptions { TopK = topK, RepetitionPenalty = 1.1f, Seed = 1 });
        sampler.Sample(logits, history);

        // The least of five windows of 20 calls: an allocation per call shows in every window, while the runtime's own
        // one-off allocations on this thread (type loads when a method is recompiled at a higher tier, which a loaded
        // machine can move into a window: 7,440 bytes once in CI) show in one.
        long least = long.MaxValue;
        for (int window = 0; window < 5; window++)
        {
            long before = GC.GetAllocatedBytesForCurrentThread();
            for (int i = 0; i < 20; i++) sampler.Sample(logits, history);
            least = Math.Min(least, GC.GetAllocatedBytesForCurrentThread() - before);
        }

        Assert.Equal(0, least);
    }

    [Fact]
    public void Sample_TopKDisabled_FullSortKeepsTheSameDistribution()
    {
        // TopK 0 sorts the whole vocabulary; with nothing else truncating, frequencies still follow softmax.
        var drawn = Draws(FourWay, Plain, 20_000);

        Assert.InRange(drawn.Count(t => t == 3) / 20_000.0, 0.04, 0.06);
        Assert.InRange(drawn.Count(t => t == 0) / 20_000.0, 0.485, 0.515);
    }

    [Fact]
    public void Constructor_InvalidTopP_ThrowsNamingTheOption()
    {
        var e = Assert.Throws<ArgumentException>(() => new Sampler(4, Plain with { TopP = 0 }));

        Assert.Contains("TopP", e.Message);
    }

    [Fact]
    public void Sample_WrongLogitsLength_Throws()
    {
        Assert.Throws<ArgumentException>(() => new Sampler(4, Plain).Sample(new float[3], []));
    }
}
