namespace LongDoc.Runtime.Backends.Cuda.Interop;

/// <summary>CUdevice_attribute values (cuda.h) the runtime reads.</summary>
public enum CuDeviceAttribute
{
    MaxThreadsPerBlock = 1,
    MaxSharedMemoryPerBlock = 8,
    WarpSize = 10,
    ClockRate = 13,
    MultiprocessorCount = 16,
    MemoryClockRate = 36,
    GlobalMemoryBusWidth = 37,
    L2CacheSize = 38,
    ComputeCapabilityMajor = 75,
    ComputeCapabilityMinor = 76,
    MaxSharedMemoryPerMultiprocessor = 81,
    MaxSharedMemoryPerBlockOptin = 97,
}

/// <summary>CUjit_option values (cuda.h) passed to cuModuleLoadDataEx.</summary>
public enum CuJitOption
{
    MaxRegisters = 0,
    ThreadsPerBlock = 1,
    WallTime = 2,
    InfoLogBuffer = 3,
    InfoLogBufferSizeBytes = 4,
    ErrorLogBuffer = 5,
    ErrorLogBufferSizeBytes = 6,
    OptimizationLevel = 7,
    TargetFromCuContext = 8,
    Target = 9,
    FallbackStrategy = 10,
    GenerateDebugInfo = 11,
    LogVerbose = 12,
}

/// <summary>CUfunction_attribute values (cuda.h).</summary>
public enum CuFunctionAttribute
{
    MaxThreadsPerBlock = 0,
    SharedSizeBytes = 1,
    ConstSizeBytes = 2,
    LocalSizeBytes = 3,
    NumRegs = 4,
    PtxVersion = 5,
    BinaryVersion = 6,
    CacheModeCa = 7,
    MaxDynamicSharedSizeBytes = 8,
}

/// <summary>nvrtcResult values (nvrtc.h).</summary>
public enum NvrtcResult
{
    Success = 0,
    OutOfMemory = 1,
    ProgramCreationFailure = 2,
    InvalidInput = 3,
    InvalidProgram = 4,
    InvalidOption = 5,
    Compilation = 6,
    BuiltinOperationFailure = 7,
    NoNameExpressionsAfterCompilation = 8,
    NoLoweredNamesBeforeCompilation = 9,
    NameExpressionNotValid = 10,
    InternalError = 11,
}

/// <summary>Flag values (cuda.h) for cuStreamCreate and cuEventCreate.</summary>
public static class CuFlags
{
    /// <summary>CU_STREAM_DEFAULT: the stream synchronizes with the legacy default stream, so the synchronous
    /// copies (cuMemcpyHtoD/DtoH) order themselves after the kernels launched on it.</summary>
    public const uint StreamDefault = 0;
    public const uint StreamNonBlocking = 1;
    public const uint EventDefault = 0;
    public const uint EventBlockingSync = 1;
    public const uint EventDisableTiming = 2;
}
