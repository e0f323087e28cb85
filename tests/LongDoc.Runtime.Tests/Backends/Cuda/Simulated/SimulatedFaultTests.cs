using LongDoc.Runtime.Backends;
using LongDoc.Runtime.Backends.Cuda;
using LongDoc.Runtime.Backends.Cuda.Kernels;
using LongDoc.Runtime.Backends.Cuda.Simulated;
using LongDoc.Runtime.Models;
using LongDoc.Runtime.Weights;

namespace LongDoc.Runtime.Tests.Backends.Cuda.Simulated;

/// <summary>
/// The simulated device catches what a GPU would silently corrupt or crash on: a launch whose stride or offset reads
/// past its buffer, a misaligned vector load, a freed buffer, an out-of-range copy, a wrong argument count. Each is an
/// exception naming the kernel, the argument and the offsets.
/// </summary>
public sealed class SimulatedFaultTests : IDisposable
{
    readonly CudaBackend _backend = CudaBackend.OpenSimulated(threads: 1);

    [Fact]
    public void RmsNorm_RowsBeyondTheBuffer_FaultNamesKernelArgumentAndOffset()
    {
        using var x = new DeviceBuffer<float>(_backend.Device, 4 * 64);
        using var w = new DeviceBuffer<float>(_backend.Device, 64);
        x.Fill(1f);
        w.Fill(1f);
        // 5 rows of 64 over a buffer of 4 rows: row 4 starts at float 256, byte 1024 of 1024.
        var e = Assert.Throws<SimulatedFaultException>(() =>
            RmsNormLauncher.Run(_backend.Kernels, _backend.Stream, 5, 64, x.Pointer, w.Pointer, x.Pointer, 1e-6f));
        Assert.Contains("rmsnorm (rmsnorm.cu)", e.Message);
        Assert.Contains("argument x", e.Message);
        Assert.Contains("byte offset 1024 of an allocation of 1024 bytes", e.Message);
    }

    [Fact]
    public void Rope_WrongStride_FaultNamesArgumentX()
    {
        using var x = new DeviceBuffer<float>(_backend.Device, 3 * 2 * 64);
        x.Fill(0.5f);
        // 3 tokens x 2 heads of 64, rotated as if rows were 96 floats apart: the last slices lie past the buffer.
        var e = Assert.Throws<SimulatedFaultException>(() =>
            RopeLauncher.Run(_backend.Kernels, _backend.Stream, 3, 2, 96, 0, 0, RopeParams.Plain(RopeStyle.Neox, 10000f, 64), x.Pointer, DevicePointer.Null));
        Assert.Contains("rope (rope.cu): argument x", e.Message);
        Assert.Contains("allocation of 1536 bytes", e.Message);
    }

    [Fact]
    public void Gemv_WeightsOffByTwoBytes_FaultIsAMisalignedVectorLoad()
    {
        using var x = new DeviceBuffer<float>(_backend.Device, 64);
        using var w = new DeviceBuffer<ushort>(_backend.Device, 8 * 64 + 8);
        using var y = new DeviceBuffer<float>(_backend.Device, 8);
        x.Clear();
        w.Clear();
        var e = Assert.Throws<SimulatedFaultException>(() =>
            GemvLauncher.Run(_backend.Kernels, _backend.Stream, 1, 64, 8, GgmlType.F16, x.Pointer, w.At(1), y.Pointer, accumulate: false));
        Assert.Contains("gemv_f16 (gemv.cu): argument w", e.Message);
        Assert.Contains("is not 16-byte aligned", e.Message);
    }

    [Fact]
    public void Launch_FreedBuffer_FaultSaysNoLiveAllocation()
    {
        var x = new DeviceBuffer<float>(_backend.Device, 256);
        using var y = new DeviceBuffer<float>(_backend.Device, 256);
        x.Dispose();
        var e = Assert.Throws<SimulatedFaultException>(() => Add(x.Pointer, y.Pointer, 256));
        Assert.Contains("add_f32 (add.cu): argument x", e.Message);
        Assert.Contains("points into no live allocation", e.Message);
    }

    [Fact]
    public void Copy_PastTheAllocation_FaultNamesTheBytes()
    {
        using var b = new DeviceBuffer<float>(_backend.Device, 16);
        var e = Assert.Throws<SimulatedFaultException>(() => CopyIn(b.At(12), 8));
        Assert.Contains("copy host to device, destination: bytes 48..80 of an allocation of 64 bytes", e.Message);
    }

    [Fact]
    public void Launch_WrongArgumentCount_FaultNamesTheDeclaration()
    {
        using var x = new DeviceBuffer<float>(_backend.Device, 4);
        var a = new KernelArgs();
        a.Add(x.Pointer);
        a.Add(4L);
        var e = Assert.Throws<SimulatedFaultException>(() => _backend.Kernels.Get("add_f32").Launch(1, 256, 0, _backend.Stream, ref a));
        Assert.Contains("the kernel takes 3 parameters, the launch passed 2", e.Message);
    }

    [Fact]
    public void Allocation_Fresh_ReadsAsNaN()
    {
        using var b = new DeviceBuffer<float>(_backend.Device, 8);
        var host = new float[8];
        b.Download(host);
        Assert.All(host, v => Assert.True(float.IsNaN(v)));
    }

    [Fact]
    public void Add_InBounds_AddsEveryElement()
    {
        using var x = new DeviceBuffer<float>(_backend.Device, 1000);
        using var y = new DeviceBuffer<float>(_backend.Device, 1000);
        x.Upload(Enumerable.Range(0, 1000).Select(i => (float)i).ToArray());
        y.Fill(2f);
        Add(x.Pointer, y.Pointer, 1000);
        var host = new float[1000];
        x.Download(host);
        Assert.Equal(Enumerable.Range(0, 1000).Select(i => i + 2f), host);
    }

    void Add(DevicePointer x, DevicePointer y, long n)
    {
        var a = new KernelArgs();
        a.Add(x);
        a.Add(y);
        a.Add(n);
        _backend.Kernels.Get("add_f32").Launch(2, 256, 0, _backend.Stream, ref a);
    }

    unsafe void CopyIn(DevicePointer at, int floats)
    {
        var host = new float[floats];
        fixed (float* p = host) _backend.Device.Layer.CopyToDevice(at.Address, p, floats * 4L);
    }

    public void Dispose() => _backend.Dispose();
}
