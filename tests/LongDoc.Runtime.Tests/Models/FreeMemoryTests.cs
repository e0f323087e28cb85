using LongDoc.Runtime.Models;

namespace LongDoc.Runtime.Tests.Models;

public sealed class FreeMemoryTests
{
    [Fact]
    public void MemAvailable_MeminfoText_BytesOfTheLine()
    {
        const string meminfo = "MemTotal:       16310084 kB\nMemFree:          812344 kB\nMemAvailable:    9512344 kB\nBuffers:          312 kB\n";
        Assert.Equal(9512344L * 1024, FreeMemory.MemAvailable(meminfo));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("MemTotal: 100 kB\n")]
    [InlineData("MemAvailable: lots kB\n")]
    [InlineData("MemAvailable: -5 kB\n")]
    [InlineData("MemAvailable: 99999999999999999999 kB\n")]
    [InlineData("MemAvailable: 9007199254740993 kB\n")]
    public void MemAvailable_MissingOrMalformed_Null(string? meminfo) => Assert.Null(FreeMemory.MemAvailable(meminfo));

    [Fact]
    public void CgroupHeadroom_LimitAndUsage_TheDifferenceAtLeastZero()
    {
        Assert.Equal(3L << 30, FreeMemory.CgroupHeadroom("4294967296\n", "1073741824\n"));
        Assert.Equal(0, FreeMemory.CgroupHeadroom("1000", "5000"));
        Assert.Null(FreeMemory.CgroupHeadroom("max\n", "1073741824"));
        Assert.Null(FreeMemory.CgroupHeadroom("9223372036854771712", "1"));   // cgroup v1: no limit
        Assert.Null(FreeMemory.CgroupHeadroom(null, null));
    }

    [Fact]
    public void AvailableBytes_ThisLinuxMachine_Positive()
    {
        if (!OperatingSystem.IsLinux()) return;
        Assert.True(FreeMemory.AvailableBytes() > 0);
    }
}
