using LongDoc.Runtime.Backends.Cuda.Interop;
using static LongDoc.Runtime.Backends.Cuda.Interop.CudaStatus;

namespace LongDoc.Runtime.Backends.Cuda;

/// <summary>One <c>extern "C"</c> kernel of a loaded module. Valid while its <see cref="CudaModule"/> is.</summary>
public sealed unsafe class CudaFunction
{
    /// <summary>Dynamic shared memory a kernel may use without opting in (cuFuncSetAttribute).</summary>
    public const int DefaultSharedLimit = 48 * 1024;

    readonly nint _function;
    int _sharedOptIn = DefaultSharedLimit;

    internal CudaFunction(CudaModule module, nint function, string name)
    {
        Module = module;
        _function = function;
        Name = name;
    }

    public CudaModule Module { get; }
    public string Name { get; }

    /// <summary>Registers per thread, as compiled (launchers size blocks with it).</summary>
    public int Registers => Attribute(CuFunctionAttribute.NumRegs);
    public int MaxThreadsPerBlock => Attribute(CuFunctionAttribute.MaxThreadsPerBlock);

    public int Attribute(CuFunctionAttribute attribute)
    {
        ThrowIfFailed(CuDriver.cuFuncGetAttribute(out int value, attribute, _function));
        return value;
    }

    /// <summary>Queues the kernel on <paramref name="stream"/>. Above 48 KB of dynamic shared memory the function is
    /// opted in first (once per size increase), as Hopper and Ampere require.</summary>
    public void Launch(Dim3 grid, Dim3 block, int sharedBytes, CudaStream stream, ref KernelArgs args)
    {
        if (sharedBytes > _sharedOptIn)
        {
            var set = CuDriver.cuFuncSetAttribute(_function, CuFunctionAttribute.MaxDynamicSharedSizeBytes, sharedBytes);
            if (set != CuResult.Success) throw new CudaException(set, $"cuFuncSetAttribute({Name}, MaxDynamicSharedSizeBytes, {sharedBytes})");
            _sharedOptIn = sharedBytes;
        }
        int n = args.Count;
        // Copies of the slots on this stack frame: cuLaunchKernel reads them before it returns.
        ulong* values = stackalloc ulong[Math.Max(n, 1)];
        void** pointers = stackalloc void*[Math.Max(n, 1)];
        for (int i = 0; i < n; i++) { values[i] = args[i]; pointers[i] = values + i; }
        var status = CuDriver.cuLaunchKernel(_function, grid.X, grid.Y, grid.Z, block.X, block.Y, block.Z, (uint)sharedBytes, stream.Raw, pointers, null);
        if (status != CuResult.Success)
            throw new CudaException(status, $"cuLaunchKernel({Name}, grid {grid}, block {block}, shared {sharedBytes} B, {n} args)");
    }
}
