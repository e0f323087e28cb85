namespace LongDoc.Runtime.Backends.Cuda.Interop;

/// <summary>CUresult values from cuda.h that the runtime names or reacts to; any other value still round-trips
/// (the enum is a plain int) and is named by cuGetErrorName.</summary>
public enum CuResult
{
    Success = 0,
    InvalidValue = 1,
    OutOfMemory = 2,
    NotInitialized = 3,
    Deinitialized = 4,
    StubLibrary = 34,
    DeviceUnavailable = 46,
    NoDevice = 100,
    InvalidDevice = 101,
    InvalidImage = 200,
    InvalidContext = 201,
    NoBinaryForGpu = 209,
    InvalidPtx = 218,
    UnsupportedPtxVersion = 222,
    NotFound = 500,
    NotReady = 600,
    IllegalAddress = 700,
    LaunchOutOfResources = 701,
    LaunchTimeout = 702,
    LaunchFailed = 719,
    NotSupported = 801,
    Unknown = 999,
}
