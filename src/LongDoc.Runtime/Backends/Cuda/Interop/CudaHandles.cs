using System.Runtime.InteropServices;

namespace LongDoc.Runtime.Backends.Cuda.Interop;

// One SafeHandle per CUDA resource. Release may run on the finalizer thread, where no context is current, so each
// handle of a context-owned resource remembers its context and makes it current first. Release never throws: a
// failed release (the context is already gone at process exit) is reported as false, as SafeHandle expects.

/// <summary>A retained primary context of one device; released with cuDevicePrimaryCtxRelease.</summary>
public sealed class CudaContextHandle : SafeHandle
{
    internal CudaContextHandle(nint context, int device) : base(0, true) { SetHandle(context); Device = device; }
    public int Device { get; }
    public override bool IsInvalid => handle == 0;
    internal nint Raw => handle;
    protected override bool ReleaseHandle() => CuDriver.cuDevicePrimaryCtxRelease_v2(Device) == CuResult.Success;
}

/// <summary>Base of the handles whose release needs their context current.</summary>
public abstract class ContextBoundHandle : SafeHandle
{
    protected ContextBoundHandle(nint context) : base(0, true) { Context = context; }
    protected nint Context { get; }
    public override bool IsInvalid => handle == 0;
    internal nint Raw => handle;
    internal void Set(nint value) => SetHandle(value);

    protected sealed override bool ReleaseHandle() =>
        CuDriver.cuCtxSetCurrent(Context) == CuResult.Success && Release(handle);

    protected abstract bool Release(nint raw);
}

/// <summary>A loaded module (PTX or CUBIN); unloaded with cuModuleUnload.</summary>
public sealed class CudaModuleHandle(nint context) : ContextBoundHandle(context)
{
    protected override bool Release(nint raw) => CuDriver.cuModuleUnload(raw) == CuResult.Success;
}

/// <summary>A device allocation (the CUdeviceptr held as nint); freed with cuMemFree.</summary>
public sealed class DeviceMemoryHandle(nint context) : ContextBoundHandle(context)
{
    internal ulong Pointer => (ulong)handle;
    protected override bool Release(nint raw) => CuDriver.cuMemFree_v2((ulong)raw) == CuResult.Success;
}

/// <summary>A stream; destroyed with cuStreamDestroy.</summary>
public sealed class CudaStreamHandle(nint context) : ContextBoundHandle(context)
{
    protected override bool Release(nint raw) => CuDriver.cuStreamDestroy_v2(raw) == CuResult.Success;
}

/// <summary>An event; destroyed with cuEventDestroy.</summary>
public sealed class CudaEventHandle(nint context) : ContextBoundHandle(context)
{
    protected override bool Release(nint raw) => CuDriver.cuEventDestroy_v2(raw) == CuResult.Success;
}

/// <summary>An NVRTC program; destroyed with nvrtcDestroyProgram (no CUDA context involved).</summary>
public sealed class NvrtcProgramHandle : SafeHandle
{
    internal NvrtcProgramHandle(nint program) : base(0, true) => SetHandle(program);
    public override bool IsInvalid => handle == 0;
    internal nint Raw => handle;
    protected override bool ReleaseHandle()
    {
        nint p = handle;
        return Nvrtc.nvrtcDestroyProgram(ref p) == NvrtcResult.Success;
    }
}
