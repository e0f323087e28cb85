using System.Text;
using LongDoc.Runtime.Backends.Cuda.Compile;
using LongDoc.Runtime.Backends.Cuda.Interop;
using static LongDoc.Runtime.Backends.Cuda.Interop.CudaStatus;

namespace LongDoc.Runtime.Backends.Cuda.Driver;

/// <summary>
/// The device layer over the CUDA driver API: one GPU with its primary context retained (the context the CUDA runtime
/// and other libraries share). Every thread that issues CUDA work makes it current first; the backend does so at each op.
/// Copies are synchronous (cuMemcpyHtoD/DtoH on the legacy default stream, ordered after kernels on blocking streams).
/// </summary>
public sealed unsafe class DriverDevice : IDeviceLayer
{
    readonly CudaContextHandle _context;
    readonly int _device;

    public DriverDevice(int ordinal)
    {
        ThrowIfFailed(CuDriver.cuDeviceGet(out int device, ordinal));
        _device = device;
        var name = stackalloc byte[256];
        ThrowIfFailed(CuDriver.cuDeviceGetName(name, 256, device));
        ThrowIfFailed(CuDriver.cuDeviceTotalMem_v2(out nuint total, device));
        ThrowIfFailed(CuDriver.cuDriverGetVersion(out int driver));
        Properties = new DeviceProperties(Encoding.UTF8.GetString(name, new ReadOnlySpan<byte>(name, 256).IndexOf((byte)0)),
            Attribute(CuDeviceAttribute.ComputeCapabilityMajor), Attribute(CuDeviceAttribute.ComputeCapabilityMinor),
            Attribute(CuDeviceAttribute.MultiprocessorCount), Attribute(CuDeviceAttribute.MaxSharedMemoryPerBlockOptin), (long)total,
            $"{driver / 1000}.{driver % 1000 / 10}");
        ThrowIfFailed(CuDriver.cuDevicePrimaryCtxRetain(out nint context, device));
        _context = new CudaContextHandle(context, device);
        MakeCurrent();
    }

    public DeviceProperties Properties { get; }
    internal nint Context => _context.Raw;

    /// <summary>Number of devices the driver reports, after cuInit; throws <see cref="CudaUnavailableException"/> when
    /// libcuda is missing or cuInit fails (no device, driver/kernel-module mismatch).</summary>
    public static int Count()
    {
        NativeLibraries.EnsureCuda();
        var init = CuDriver.cuInit(0);
        if (init != CuResult.Success)
            throw new CudaUnavailableException($"cuInit(0) failed: {Describe(init)}",
            [
                "no NVIDIA GPU is present or visible (CUDA_ERROR_NO_DEVICE)",
                "the driver's kernel module does not match libcuda (reboot after a driver update, or reinstall the driver)",
                "the device is in use exclusively by another process or disabled (nvidia-smi shows it)",
                "libcuda.so.1 is the toolkit's stub library rather than the driver's (CUDA_ERROR_STUB_LIBRARY)",
            ]);
        ThrowIfFailed(CuDriver.cuDeviceGetCount(out int count));
        return count;
    }

    public string KernelArchitecture() =>
        KernelTarget.For(Properties.ComputeMajor, Properties.ComputeMinor, NvrtcCompiler.SupportedArchitectures());

    public void MakeCurrent() => ThrowIfFailed(CuDriver.cuCtxSetCurrent(_context.Raw));

    public void Synchronize()
    {
        MakeCurrent();
        ThrowIfFailed(CuDriver.cuCtxSynchronize());
    }

    public int Attribute(CuDeviceAttribute attribute)
    {
        ThrowIfFailed(CuDriver.cuDeviceGetAttribute(out int value, attribute, _device));
        return value;
    }

    public (long Free, long Total) MemoryInfo()
    {
        MakeCurrent();
        ThrowIfFailed(CuDriver.cuMemGetInfo_v2(out nuint free, out nuint total));
        return ((long)free, (long)total);
    }

    public IDisposable Allocate(long bytes, out ulong address)
    {
        var memory = new DeviceMemoryHandle(_context.Raw);
        ThrowIfFailed(CuDriver.cuMemAlloc_v2(out ulong raw, (nuint)bytes));
        memory.Set((nint)raw);
        address = raw;
        return memory;
    }

    public void CopyToDevice(ulong destination, void* source, long bytes) => ThrowIfFailed(CuDriver.cuMemcpyHtoD_v2(destination, source, (nuint)bytes));

    public void CopyToHost(void* destination, ulong source, long bytes) => ThrowIfFailed(CuDriver.cuMemcpyDtoH_v2(destination, source, (nuint)bytes));

    public void CopyOnDevice(ulong destination, ulong source, long bytes, IDeviceStream stream) =>
        ThrowIfFailed(CuDriver.cuMemcpyDtoDAsync_v2(destination, source, (nuint)bytes, ((DriverStream)stream).Raw));

    public void Set8(ulong destination, byte value, long count) => ThrowIfFailed(CuDriver.cuMemsetD8_v2(destination, value, (nuint)count));

    public void Set32(ulong destination, uint value, long count) => ThrowIfFailed(CuDriver.cuMemsetD32_v2(destination, value, (nuint)count));

    public IDeviceStream CreateStream()
    {
        MakeCurrent();
        return new DriverStream(_context.Raw);
    }

    public IDeviceEvent CreateEvent()
    {
        MakeCurrent();
        return new DriverEvent(_context.Raw);
    }

    public (IDeviceModule Module, KernelBuild? Build) LoadModule(KernelSource source, string architecture, KernelCompiler? compiler)
    {
        if (compiler == null) throw new ArgumentNullException(nameof(compiler), $"{source.FileName}: the CUDA driver loads compiled kernels; no compiler given");
        var build = compiler.Compile(source, architecture);
        return (new DriverModule(this, build.Image, source.FileName), build);
    }

    public void Dispose() => _context.Dispose();
}
