using LongDoc.Runtime.Backends.Cuda;
using LongDoc.Runtime.Backends.Cuda.Interop;
using LongDoc.Runtime.Backends.Cuda.Simulated;

namespace LongDoc.Runtime.Tests.Backends.Cuda.Simulated;

/// <summary>The simulated device's size: parsed from bytes or K/M/G, reported as its total and free memory, and enforced
/// as cuMemAlloc does (out of memory), so that placement and fitting are testable with a small device.</summary>
public sealed class SimulatedMemorySizeTests
{
    [Theory]
    [InlineData("1048576", 1L << 20)]
    [InlineData("64K", 64L << 10)]
    [InlineData("8m", 8L << 20)]
    [InlineData(" 2G ", 2L << 30)]
    public void Parse_BytesOrSuffixed_Bytes(string text, long bytes) => Assert.Equal(bytes, SimulatedMemorySize.Parse(text, "X"));

    [Theory]
    [InlineData("")]
    [InlineData("-5M")]
    [InlineData("0")]
    [InlineData("lots")]
    [InlineData("9999999999G")]
    public void Parse_NotASize_ErrorNamesTheSource(string text)
    {
        var e = Assert.Throws<ArgumentException>(() => SimulatedMemorySize.Parse(text, SimulatedMemorySize.Variable));
        Assert.Contains($"{SimulatedMemorySize.Variable}: '{text}' is not a memory size", e.Message);
    }

    [Fact]
    public void Resolve_Configured_WinsOverTheDefault() => Assert.Equal(123, SimulatedMemorySize.Resolve(123));

    [Fact]
    public void Allocate_PastTheDeviceSize_OutOfMemoryAndFreeUnchanged()
    {
        using var device = CudaDevice.Simulated(1 << 20);
        Assert.Equal((1L << 20, 1L << 20), device.MemoryInfo());
        using var first = new DeviceBuffer<byte>(device, 600_000);
        Assert.Equal(1048576 - 600_000, device.MemoryInfo().Free);
        var e = Assert.Throws<CudaException>(() => new DeviceBuffer<byte>(device, 600_000));
        Assert.Equal(CuResult.OutOfMemory, e.Result);
        Assert.Contains("600000 bytes asked, 448576 of 1048576 free", e.Message);
        Assert.Equal(1048576 - 600_000, device.MemoryInfo().Free);
    }
}
