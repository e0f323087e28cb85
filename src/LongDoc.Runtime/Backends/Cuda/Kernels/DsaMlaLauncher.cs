namespace LongDoc.Runtime.Backends.Cuda.Kernels;

/// <summary>
/// One sparse MLA call over selected positions (kernels/dsa_mla.cu). Legend: T tokens, H heads, R kv_lora rank, Pe
/// rope width (the latent cache row is R+Pe), K selection list capacity.
/// </summary>
public sealed record DsaMlaShape(int Tokens, int Heads, int Latent, int Rope, int TopK)
{
    public int Row => Latent + Rope;
}

/// <summary>
/// Launch configuration of dsa_mla.cu: grid (H, T), 256 threads, dynamic shared memory for the query row (R+Pe floats)
/// and the scores (K floats). Decode is T = 1, prefill T tokens with their own lists.
/// </summary>
public static class DsaMlaLauncher
{
    public const string File = "dsa_mla.cu";

    public static int SharedBytes(DsaMlaShape s) => (s.Row + s.TopK) * 4;

    public static LaunchConfig Configure(DsaMlaShape s)
    {
        if (s.Tokens < 1 || s.Heads < 1 || s.Latent < 1 || s.Rope < 0 || s.TopK < 1)
            throw new ArgumentException($"{File}: tokens {s.Tokens}, heads {s.Heads}, latent {s.Latent}, rope {s.Rope}, top_k {s.TopK} out of range");
        return new LaunchConfig(File, "dsa_mla_f16", Dim3.Of(s.Heads, s.Tokens), Dim3.Of(256), SharedBytes(s));
    }

    /// <summary>o (T, H, R) from the absorbed queries q (T, H, R+Pe) over the f16 latent cache (cap, R+Pe) rows
    /// sel (T, K), nsel (T) name.</summary>
    public static void Run(CudaKernels kernels, CudaStream stream, DsaMlaShape s, DevicePointer q, DevicePointer cache, DevicePointer sel,
        DevicePointer nsel, DevicePointer o, float scale)
    {
        var c = Configure(s);
        var a = Args(s, q, cache, sel, nsel, o, scale);
        c.Launch(kernels, stream, ref a);
    }

    /// <summary>The kernel parameters of <see cref="Run"/>, in the declaration order of the entry point.</summary>
    internal static KernelArgs Args(DsaMlaShape s, DevicePointer q, DevicePointer cache, DevicePointer sel, DevicePointer nsel, DevicePointer o, float scale)
    {
        var a = new KernelArgs();
        a.Add(q); a.Add(cache); a.Add(sel); a.Add(nsel); a.Add(o);
        a.Add(s.Tokens); a.Add(s.Heads); a.Add(s.Latent); a.Add(s.Rope); a.Add(s.TopK); a.Add(scale);
        return a;
    }
}
