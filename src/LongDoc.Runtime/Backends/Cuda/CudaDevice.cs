using System.Text;
using LongDoc.Runtime.Backends.Cuda.Interop;
using static LongDoc.Runtime.Backends.Cuda.Interop.CudaStatus;

namespace LongDoc.Runtime.Backends.Cuda;

/// <summary>
/// One GPU with its primary context retained (the context the CUDA runtime and other libraries share). Every
/// thread that issues CUDA work calls <see cref="MakeCurrent"/> first; the backend does so at each op.
/// </summary>
public sealed unsafe class CudaDevice : IDisposable
{
    readonly CudaContextHandle _context;

    CudaDevice(int ordinal)
    {
        Ordinal = ordinal;
        ThrowIfFailed(CuDriver.cuDeviceGet(out int device, ordinal));
        Handle = device;
        var name = stackalloc byte[256];
        ThrowIfFailed(CuDriver.cuDeviceGetName(name, 256, device));
        Name = Encoding.UTF8.GetString(name, new ReadOnlySpan<byte>(name, 256).IndexOf((byte)0));
        ComputeMajor = Attribute(CuDeviceAttribute.ComputeCapabilityMajor);
        ComputeMinor = Attribute(CuDeviceAttribute.ComputeCapabilityMinor);
        Multiprocessors = Attribute(CuDeviceAttribute.MultiprocessorCount);
        MaxSharedPerBlockOptin = Attribute(CuDeviceAttribute.MaxSharedMemoryPerBlockOptin);
        ThrowIfFailed(CuDriver.cuDeviceTotalMem_v2(out nuint total, device));
        TotalMemory = (long)total;
        ThrowIfFailed(CuDriver.cuDriverGetVersion(out int driver));
        DriverVersion = $"{driver / 1000}.{driver % 1000 / 10}";
        ThrowIfFailed(CuDriver.cuDevicePrimaryCtxRetain(out nint context, device));
        _context = new CudaContextHandle(context, device);
        MakeCurrent();
    }

    public int Ordinal { get; }
    internal int Handle { get; }
    public string Name { get; }
    public int ComputeMajor { get; }
    public int ComputeMinor { get; }
    public int Multiprocessors { get; }
    public int MaxSharedPerBlockOptin { get; }
    public long TotalMemory { get; }
    /// <summary>The CUDA version the driver supports, e.g. "12.4".</summary>
    public string DriverVersion { get; }
    internal nint Context => _context.Raw;

    public override string ToString() =>
        $"{Name} (compute {ComputeMajor}.{ComputeMinor}, {Multiprocessors} SMs, {TotalMemory / (1L << 30)} GiB, CUDA driver {DriverVersion})";

    /// <summary>Initializes the driver and opens device <paramref name="ordinal"/>; throws
    /// <see cref="CudaUnavailableException"/> when there is no driver or no such device.</summary>
    public static CudaDevice Open(int ordinal = 0)
    {
        int count = Count();
        if (ordinal < 0 || ordinal >= count)
            throw new CudaUnavailableException($"CUDA device {ordinal} does not exist: the driver reports {count} device(s)",
                ["CUDA_VISIBLE_DEVICES hides the device", "a different --device ordinal was meant"]);
        return new CudaDevice(ordinal);
    }

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

    /// <summary>Opens the device, or returns null with the reason (for --device auto).</summary>
    public static CudaDevice? TryOpen(int ordinal, out string whyNot)
    {
        try
        {
            whyNot = "";
            return Open(ordinal);
        }
        catch (Exception e) when (e is CudaUnavailableException or CudaException)
        {
            whyNot = e is CudaUnavailableException u ? u.Problem : e.Message;
            return null;
        }
    }

    public void MakeCurrent() => ThrowIfFailed(CuDriver.cuCtxSetCurrent(_context.Raw));

    public void Synchronize()
    {
        MakeCurrent();
        ThrowIfFailed(CuDriver.cuCtxSynchronize());
    }

    public int Attribute(CuDeviceAttribute attribute)
    {
        ThrowIfFailed(CuDriver.cuDeviceGetAttribute(out int value, attribute, Handle));
        return value;
    }

    /// <summary>Free and total device memory in bytes.</summary>
    public (long Free, long Total) MemoryInfo()
    {
        MakeCurrent();
        ThrowIfFailed(CuDriver.cuMemGetInfo_v2(out nuint free, out nuint total));
        return ((long)free, (long)total);
    }

    public void Dispose() => _context.Dispose();
}
