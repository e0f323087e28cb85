namespace LongDoc.Runtime.Backends.Cuda.Ops;

/// <summary>
/// Launches for the 1-D grid-stride kernels (fill.cu, silu_mul.cu, add.cu): block 256, enough blocks to cover n
/// but at most 8 per SM, since each thread loops over its stride and more blocks only add scheduling.
/// </summary>
public sealed class VectorLauncher(CudaDevice device, CudaKernels kernels)
{
    const int Block = 256;
    readonly CudaFunction _fill = kernels.Get("fill_u32");
    readonly CudaFunction _siluMul = kernels.Get("silu_mul_f32");
    readonly CudaFunction _add = kernels.Get("add_f32");
    readonly CudaFunction _addScaled = kernels.Get("add_scaled_f32");

    Dim3 Grid(long n) => Math.Max(1, Math.Min(Dim3.Blocks(n, Block), 8 * device.Multiprocessors));

    /// <summary>p[0..n) = value (32-bit words).</summary>
    public void Fill(CudaStream stream, DevicePointer p, uint value, long n)
    {
        var a = new KernelArgs(); a.Add(p); a.Add(value); a.Add(n);
        _fill.Launch(Grid(n), Block, 0, stream, ref a);
    }

    /// <summary>gate = silu(gate) * up, n elements.</summary>
    public void SiluMul(CudaStream stream, DevicePointer gate, DevicePointer up, long n)
    {
        var a = new KernelArgs(); a.Add(gate); a.Add(up); a.Add(n);
        _siluMul.Launch(Grid(n), Block, 0, stream, ref a);
    }

    /// <summary>x += y, n elements.</summary>
    public void Add(CudaStream stream, DevicePointer x, DevicePointer y, long n)
    {
        var a = new KernelArgs(); a.Add(x); a.Add(y); a.Add(n);
        _add.Launch(Grid(n), Block, 0, stream, ref a);
    }

    /// <summary>y += scale * x, n elements.</summary>
    public void AddScaled(CudaStream stream, DevicePointer y, DevicePointer x, float scale, long n)
    {
        var a = new KernelArgs(); a.Add(y); a.Add(x); a.Add(scale); a.Add(n);
        _addScaled.Launch(Grid(n), Block, 0, stream, ref a);
    }
}
