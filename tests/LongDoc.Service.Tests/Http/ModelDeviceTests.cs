using LongDoc.Runtime.Backends;
using LongDoc.Runtime.Backends.Placement;
using LongDoc.Service.Http;

namespace LongDoc.Service.Tests.Http;

/// <summary>Model:Device, Model:GpuLayers and Model:Experts: the words and numbers accepted, and a failure naming the key and the value otherwise.</summary>
public sealed class ModelDeviceTests
{
    [Theory]
    [InlineData(null, DeviceKind.Auto)]
    [InlineData("", DeviceKind.Auto)]
    [InlineData("auto", DeviceKind.Auto)]
    [InlineData("cpu", DeviceKind.Cpu)]
    [InlineData(" CUDA ", DeviceKind.Cuda)]
    [InlineData("cuda-sim", DeviceKind.CudaSim)]
    public void Device_KnownWord_ItsKind(string? value, DeviceKind expected)
    {
        Assert.Empty(ModelDevice.Failures(new ModelOptions { Device = value }));
        Assert.Equal(expected, ModelDevice.Device(value));
    }

    [Theory]
    [InlineData(null, null)]
    [InlineData("auto", null)]
    [InlineData("all", int.MaxValue)]
    [InlineData("0", 0)]
    [InlineData(" 12 ", 12)]
    [InlineData("2147483647", int.MaxValue)]
    public void GpuLayers_AutoAllOrCount_ItsValue(string? value, int? expected)
    {
        Assert.Empty(ModelDevice.Failures(new ModelOptions { GpuLayers = value }));
        Assert.Equal(expected, ModelDevice.GpuLayers(value));
    }

    [Theory]
    [InlineData("gpu", ExpertPlacement.Gpu)]
    [InlineData("CPU", ExpertPlacement.Cpu)]
    [InlineData("", ExpertPlacement.Gpu)]
    public void Experts_GpuOrCpu_ItsPlacement(string value, ExpertPlacement expected)
    {
        Assert.Empty(ModelDevice.Failures(new ModelOptions { Experts = value }));
        Assert.Equal(expected, ModelDevice.Experts(value));
    }

    [Theory]
    [InlineData("gpu", "Model:Device: 'gpu' is not auto, cpu, cuda or cuda-sim")]
    [InlineData("cuda:0", "Model:Device: 'cuda:0' is not auto, cpu, cuda or cuda-sim")]
    [InlineData("cpu\ncuda", "Model:Device: 'cpu?cuda' is not auto, cpu, cuda or cuda-sim")]
    public void Device_UnknownWord_FailureNamesKeyAndValue(string value, string expected) =>
        Assert.Equal([expected], ModelDevice.Failures(new ModelOptions { Device = value }));

    [Theory]
    [InlineData("-1")]
    [InlineData("+3")]
    [InlineData("1.5")]
    [InlineData("1e3")]
    [InlineData("2147483648")]
    [InlineData("half")]
    [InlineData("0x10")]
    public void GpuLayers_NotACount_FailureNamesKeyAndValue(string value) =>
        Assert.Equal([$"Model:GpuLayers: '{value}' is not auto, all or a number of layers from 0 to 2147483647 (0 keeps every layer on the CPU)"],
            ModelDevice.Failures(new ModelOptions { GpuLayers = value }));

    [Fact]
    public void Experts_Unknown_FailureNamesKeyAndValue() =>
        Assert.Equal(["Model:Experts: 'host' is not gpu or cpu"], ModelDevice.Failures(new ModelOptions { Experts = "host" }));

    [Fact]
    public void Failures_HugeValue_ShownCutWithItsLength()
    {
        var failure = Assert.Single(ModelDevice.Failures(new ModelOptions { Device = new string('x', 100_000) }));
        Assert.Equal($"Model:Device: '{new string('x', 64)}... (100000 characters)' is not auto, cpu, cuda or cuda-sim", failure);
    }

    [Fact]
    public void Failures_ThreeBadSettings_OneFailureEach()
    {
        var failures = ModelDevice.Failures(new ModelOptions { Device = "tpu", GpuLayers = "many", Experts = "disk" }).ToList();
        Assert.Equal(3, failures.Count);
        Assert.Equal(["Model:Device", "Model:GpuLayers", "Model:Experts"], failures.Select(f => f[..f.IndexOf(':', 6)]));
    }

    [Fact]
    public void Describe_Defaults_AutoAutoGpu() => Assert.Equal("auto, gpu-layers auto, experts gpu", ModelDevice.Describe(new ModelOptions()));
}
