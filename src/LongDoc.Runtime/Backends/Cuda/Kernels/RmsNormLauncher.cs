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
        return new LaunchConfig(File, "rmsnorm", new Dim3(rows), new Dim3(256), 0, 32 * 4);
    }
}
