using LongDoc.Runtime.Benchmarking;

namespace LongDoc.Runtime.Tests.Benchmarking;

public class ReadBandwidthTests
{
    [Fact]
    public void Measure_TwoThreadsSmallBuffer_PositiveFiniteBytesPerSecond()
    {
        double bandwidth = ReadBandwidth.Measure(threads: 2, bytes: 4L << 20, reps: 2);

        Assert.True(double.IsFinite(bandwidth) && bandwidth > 0, $"bandwidth {bandwidth}");
    }

    [Fact]
    public void Measure_BufferSmallerThanOneSlice_Throws()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => ReadBandwidth.Measure(threads: 1, bytes: 1024));
    }
}
