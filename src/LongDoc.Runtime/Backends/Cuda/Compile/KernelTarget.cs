namespace LongDoc.Runtime.Backends.Cuda.Compile;

/// <summary>
/// Which NVRTC architecture to compile for on a device of compute capability major.minor. A CUBIN (sm_XY) loads
/// on any driver that knows the GPU, while PTX from an NVRTC newer than the driver is refused
/// (CUDA_ERROR_UNSUPPORTED_PTX_VERSION), so sm_XY is preferred whenever this NVRTC can emit it; otherwise PTX for
/// the newest virtual architecture NVRTC knows that the device can run (the driver JIT-compiles it forward).
/// </summary>
public static class KernelTarget
{
    public static string For(int major, int minor, IReadOnlyList<int> nvrtcArchitectures)
    {
        int device = major * 10 + minor;
        if (nvrtcArchitectures.Contains(device)) return $"sm_{device}";
        var older = nvrtcArchitectures.Where(a => a <= device).ToList();
        return older.Count > 0 ? $"compute_{older.Max()}" : $"compute_{device}";
    }
}
