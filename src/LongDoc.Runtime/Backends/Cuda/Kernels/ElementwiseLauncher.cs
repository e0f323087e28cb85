namespace LongDoc.Runtime.Backends.Cuda.Kernels;

/// <summary>Launch configuration of the one-thread-per-value kernels silu_mul.cu and add_scaled.cu: blocks of 256.</summary>
public static class ElementwiseLauncher
{
    public static LaunchConfig SiluMul(long n) => Configure("silu_mul.cu", "silu_mul", n);
    public static LaunchConfig AddScaled(long n) => Configure("add_scaled.cu", "add_scaled", n);

    static LaunchConfig Configure(string file, string entry, long n)
    {
        if (n < 1) throw new ArgumentException($"{file}: {n} values");
        return new LaunchConfig(file, entry, new Dim3(KernelTypes.CeilDiv(n, 256)), new Dim3(256), 0);
    }
}
