using LongDoc.Runtime.Backends.Cuda.Driver;
using LongDoc.Runtime.Backends.Cuda.Interop;
using LongDoc.Runtime.Backends.Cuda.Simulated;

namespace LongDoc.Runtime.Backends.Cuda;

/// <summary>
/// One device behind its <see cref="IDeviceLayer"/>: a GPU through the CUDA driver (<see cref="Open"/>) or the simulated
/// device in host memory (<see cref="Simulated"/>). Every thread that issues device work calls <see cref="MakeCurrent"/>
/// first; the backend does so at each op.
/// </summary>
public sealed class CudaDevice : IDisposable
{
    CudaDevice(int ordinal, IDeviceLayer layer)
    {
        Ordinal = ordinal;
        Layer = layer;
    }

    public int Ordinal { get; }
    internal IDeviceLayer Layer { get; }
    public bool IsSimulated => Layer is SimulatedDevice;
    public string Name => Layer.Properties.Name;
    public int ComputeMajor => Layer.Properties.ComputeMajor;
    public int ComputeMinor => Layer.Properties.ComputeMinor;
    public int Multiprocessors => Layer.Properties.Multiprocessors;
    public int MaxSharedPerBlockOptin => Layer.Properties.MaxSharedPerBlockOptin;
    public long TotalMemory => Layer.Properties.TotalMemory;
    /// <summary>The CUDA version the driver supports, e.g. "12.4" ("simulated" on the simulated device).</summary>
    public string DriverVersion => Layer.Properties.DriverVersion;

    public override string ToString() =>
        $"{Name} (compute {ComputeMajor}.{ComputeMinor}, {Multiprocessors} SMs, {(TotalMemory >= 1L << 30 ? $"{TotalMemory >> 30} GiB" : $"{TotalMemory >> 20} MiB")}, CUDA driver {DriverVersion})";

    /// <summary>Initializes the driver and opens device <paramref name="ordinal"/>; throws
    /// <see cref="CudaUnavailableException"/> when there is no driver or no such device.</summary>
    public static CudaDevice Open(int ordinal = 0)
    {
        int count = Count();
        if (ordinal < 0 || ordinal >= count)
            throw new CudaUnavailableException($"CUDA device {ordinal} does not exist: the driver reports {count} device(s)",
                ["CUDA_VISIBLE_DEVICES hides the device", "a different --device ordinal was meant"]);
        return new CudaDevice(ordinal, new DriverDevice(ordinal));
    }

    /// <summary>The simulated device (<c>--device cuda-sim</c>): host memory of <paramref name="memoryBytes"/> (80 GiB when not
    /// given), kernels run as their C# references.</summary>
    public static CudaDevice Simulated(long memoryBytes = SimulatedMemorySize.DefaultBytes) => new(0, new SimulatedDevice(memoryBytes));

    /// <summary>Number of devices the driver reports, after cuInit; throws <see cref="CudaUnavailableException"/> when
    /// libcuda is missing or cuInit fails (no device, driver/kernel-module mismatch).</summary>
    public static int Count() => DriverDevice.Count();

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

    public void MakeCurrent() => Layer.MakeCurrent();

    public void Synchronize() => Layer.Synchronize();

    /// <summary>Free and total device memory in bytes.</summary>
    public (long Free, long Total) MemoryInfo() => Layer.MemoryInfo();

    public void Dispose() => Layer.Dispose();
}
