using LongDoc.Runtime.Backends.Cuda.Interop;

namespace LongDoc.Runtime.Backends.Cuda;

/// <summary>One <c>extern "C"</c> kernel of a loaded module, on the device layer that loaded it (the driver or the
/// simulated device). Valid while its module is.</summary>
public sealed class CudaFunction
{
    /// <summary>Dynamic shared memory a kernel may use without opting in (cuFuncSetAttribute).</summary>
    public const int DefaultSharedLimit = 48 * 1024;

    readonly IDeviceFunction _function;

    internal CudaFunction(IDeviceFunction function, string name, string fileName)
    {
        _function = function;
        Name = name;
        FileName = fileName;
    }

    public string Name { get; }
    public string FileName { get; }

    /// <summary>Registers per thread, as compiled (launchers size blocks with it).</summary>
    public int Registers => Attribute(CuFunctionAttribute.NumRegs);
    public int MaxThreadsPerBlock => Attribute(CuFunctionAttribute.MaxThreadsPerBlock);

    public int Attribute(CuFunctionAttribute attribute) => _function.Attribute(attribute);

    /// <summary>Queues the kernel on <paramref name="stream"/>.</summary>
    public void Launch(Dim3 grid, Dim3 block, int sharedBytes, CudaStream stream, ref KernelArgs args) =>
        _function.Launch(grid, block, sharedBytes, stream.Layer, ref args);
}
