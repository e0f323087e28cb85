namespace LongDoc.Runtime.Backends.Cuda.Kernels;

/// <summary>
/// Launch configuration of rope.cu: grid (T, heads), one thread per rotated pair (dims / 2 threads, rounded up to
/// a warp). Legend: T tokens, heads rotated slices per token, dims rotated width; slice h of token t starts at
/// x + (t*heads + h)*stride + offset.
/// </summary>
public static class RopeLauncher
{
    public const string File = "rope.cu";
    public const int MaxDims = 2048;

    public static LaunchConfig Configure(int tokens, int heads, int dims)
    {
        if (tokens < 1 || heads < 1) throw new ArgumentException($"{File}: {tokens} tokens x {heads} heads");
        if (dims < 2 || dims % 2 != 0 || dims > MaxDims) throw new ArgumentException($"{File}: rotated width {dims} must be even, 2..{MaxDims}");
        return new LaunchConfig(File, "rope", Dim3.Of(tokens, heads), Dim3.Of(KernelTypes.CeilDiv(dims / 2, 32) * 32), 0);
    }

    /// <summary>Rotates x in place for positions start..start+T-1; <paramref name="factors"/> holds p.FreqFactors on the
    /// device (p.Dims / 2 floats), or is <see cref="DevicePointer.Null"/> when p has none.</summary>
    public static void Run(CudaKernels kernels, CudaStream stream, int tokens, int heads, int stride, int offset, int start,
        RopeParams p, DevicePointer x, DevicePointer factors)
    {
        if (offset < 0 || offset + p.Dims > stride) throw new ArgumentException($"{File}: slice {offset}..{offset + p.Dims} outside a row of {stride}");
        if ((p.FreqFactors is null) != (factors == DevicePointer.Null)) throw new ArgumentException($"{File}: frequency factors given to one of the parameters and the pointer only");
        var c = Configure(tokens, heads, p.Dims);
        var a = Args(heads, stride, offset, start, p, x, factors);
        c.Launch(kernels, stream, ref a);
    }

    /// <summary>The kernel parameters of <see cref="Run"/>, in the declaration order of the entry point.</summary>
    internal static KernelArgs Args(int heads, int stride, int offset, int start, RopeParams p, DevicePointer x, DevicePointer factors)
    {
        var a = new KernelArgs();
        a.Add(x); a.Add(factors); a.Add(heads); a.Add(stride); a.Add(offset); a.Add(p.Dims); a.Add(start); a.Add(p.Neox ? 1 : 0); a.Add(p.ThetaScale);
        a.Add(p.Yarn ? 1 : 0); a.Add(p.FreqScale); a.Add(p.Low); a.Add(p.High); a.Add(p.Magnitude);
        return a;
    }
}
