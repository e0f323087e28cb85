using LongDoc.Runtime.Backends.Cuda.Compile;
using LongDoc.Runtime.Backends.Cuda.Interop;
using LongDoc.Runtime.Backends.Cuda.Simulated.Kernels;

namespace LongDoc.Runtime.Backends.Cuda.Simulated;

/// <summary>A kernel file on the simulated device: an entry point it declares is found when
/// <see cref="KernelReferences"/> has its reference.</summary>
sealed class SimulatedModule(KernelSource source, SimulatedDevice device) : IDeviceModule
{
    public IDeviceFunction GetFunction(string entryPoint)
    {
        if (!source.EntryPoints.Contains(entryPoint))
            throw new KeyNotFoundException($"{source.FileName} declares no extern \"C\" __global__ void {entryPoint}(...)");
        if (!KernelReferences.All.TryGetValue(entryPoint, out var reference))
            throw new KeyNotFoundException($"{entryPoint} ({source.FileName}) has no C# reference in Backends/Cuda/Simulated/Kernels: the simulated device cannot run it");
        return new SimulatedFunction(entryPoint, source.FileName, reference, device);
    }

    public void Dispose() { }
}

/// <summary>
/// One entry point on the simulated device. Launch checks the configuration against the device's limits (grid, 1024
/// threads a block, dynamic shared memory up to the opt-in maximum) and the argument count against the .cu
/// declaration, then runs the reference at once (the stream's order is the launch order).
/// </summary>
sealed class SimulatedFunction(string name, string file, KernelReference reference, SimulatedDevice device) : IDeviceFunction
{
    public int Attribute(CuFunctionAttribute attribute) => attribute switch
    {
        CuFunctionAttribute.MaxThreadsPerBlock => 1024,
        CuFunctionAttribute.MaxDynamicSharedSizeBytes => device.Properties.MaxSharedPerBlockOptin,
        _ => throw new NotSupportedException($"{name} ({file}): the simulated device reports no {attribute}"),
    };

    public void Launch(Dim3 grid, Dim3 block, int sharedBytes, IDeviceStream stream, ref KernelArgs args)
    {
        var c = new LaunchContext(name, file, grid, block, sharedBytes, args, device.Memory);
        c.Require(args.Count == reference.Parameters, $"the kernel takes {reference.Parameters} parameters, the launch passed {args.Count}");
        c.Require(grid.Count >= 1 && block.Count >= 1, "empty grid or block");
        c.Require(grid.Y <= 65535 && grid.Z <= 65535 && grid.X <= int.MaxValue, "grid beyond the device's limits (x < 2^31, y and z <= 65535)");
        c.Require(block.Count <= 1024 && block.Z <= 64, "more than 1024 threads a block");
        c.Require(sharedBytes >= 0 && sharedBytes <= device.Properties.MaxSharedPerBlockOptin,
            $"dynamic shared memory beyond the device's {device.Properties.MaxSharedPerBlockOptin} bytes");
        reference.Run(c);
        device.Launched(name);
    }
}
