namespace LongDoc.Runtime.Backends.Cuda.Kernels;

/// <summary>
/// Launch configuration of rmsnorm.cu: one CTA of 256 threads per row (rows = T for block norms, T*H for per-head
/// q/k norms), static shared 32 floats.
/// </summary>
public static class RmsNormLauncher
{
    public const string File = "rmsnorm.cu";

    public static LaunchConfig Configure(int rows, int width)
    {
        if (rows < 1 || width < 1) throw new ArgumentException($"{File}: {rows} rows of {width}");
        return new LaunchConfig(File, "rmsnorm", Dim3.Of(rows), Dim3.Of(256), 0, 32 * 4);
    }

    /// <summary>y (rows, width) = x / rms(x) * weight (width); y may be x.</summary>
    public static void Run(CudaKernels kernels, CudaStream stream, int rows, int width, DevicePointer x, DevicePointer weight, DevicePointer y, float eps)
    {
        var c = Configure(rows, width);
        var a = Args(rows, width, x, weight, y, eps);
        c.Launch(kernels, stream, ref a);
    }

    /// <summary>The kernel parameters of <see cref="Run"/>, in the declaration order of the entry point.</summary>
    internal static KernelArgs Args(int rows, int width, DevicePointer x, DevicePointer weight, DevicePointer y, float eps)
    {
        var a = new KernelArgs();
        a.Add(x); a.Add(weight); a.Add(y); a.Add(width); a.Add(eps);
        return a;
    }
}
