using LongDoc.Runtime.Benchmarking;
using LongDoc.Runtime.Generation;
using LongDoc.Runtime.Tests.Generation;

namespace LongDoc.Runtime.Tests.Benchmarking;

public sealed class ModelBenchTests
{
    [Fact]
    public void Run_ThreeReps_OneWarmupThenPrefillBatchAndSingleTokenDecodes()
    {
        var model = new FakeLanguageModel(50, 64, _ => 1);

        var report = ModelBench.Run(model, promptTokens: 8, genTokens: 3, reps: 3);

        Assert.Equal(3, report.PrefillTokensPerSecond.Length);
        Assert.All(report.PrefillTokensPerSecond.Concat(report.DecodeTokensPerSecond), r => Assert.True(r > 0));
        int[] oneRep = [8, 1, 1, 1];
        Assert.Equal(Enumerable.Repeat(oneRep, 4).SelectMany(x => x), model.ForwardLengths);
        Assert.Equal(0, model.Position); // the cache is left cleared
    }

    [Fact]
    public void Run_MoreThanContext_ThrowsContextOverflow()
    {
        var model = new FakeLanguageModel(50, 16, _ => 1);

        Assert.Throws<ContextOverflowException>(() => ModelBench.Run(model, promptTokens: 12, genTokens: 8, reps: 1));
    }

    [Theory]
    [InlineData(new double[] { 3, 1, 2 }, 2)]
    [InlineData(new double[] { 4, 1, 3, 2 }, 2.5)]
    public void Median_OddAndEvenCounts(double[] values, double expected) =>
        Assert.Equal(expected, BenchStatistics.Median(values));
}
