namespace LongDoc.Runtime.Backends.Cuda.Kernels;

/// <summary>
/// One lightning indexer scoring (kernels/dsa_index.cu). Legend: T query tokens at positions Start.., Hi index heads,
/// Di index key width, Ld score row stride (at least Start+T), cap index key cache capacity.
/// </summary>
public sealed record DsaIndexShape(int Tokens, int Heads, int KeyDim, int Start, int Ld, int Capacity)
{
    /// <summary>Positions the last token sees: the score rows' longest length.</summary>
    public int Positions => Start + Tokens;
}

/// <summary>
/// Launch configuration of dsa_index.cu: grid (ceil((Start+T)/64), T), 128 threads, dynamic shared memory for the
/// f16 queries and key tile (heads and key width padded to 16, pitch +8) and the head weights.
/// </summary>
public static class DsaIndexLauncher
{
    public const string File = "dsa_index.cu";
    public const int Positions = 64;

    static int Pad16(int x) => (x + 15) & ~15;

    public static int SharedBytes(int heads, int keyDim) => (Pad16(heads) + Positions) * (Pad16(keyDim) + 8) * 2 + Pad16(heads) * 4;

    public static LaunchConfig Configure(DsaIndexShape s)
    {
        if (s.Tokens < 1 || s.Heads < 1 || s.KeyDim < 1 || s.Start < 0)
            throw new ArgumentException($"{File}: tokens {s.Tokens}, heads {s.Heads}, key width {s.KeyDim}, start {s.Start} out of range");
        if (s.Ld < s.Positions || s.Capacity < s.Positions)
            throw new ArgumentException($"{File}: {s.Positions} positions exceed the score row stride {s.Ld} or the key capacity {s.Capacity}");
        return new LaunchConfig(File, "dsa_index_scores", Dim3.Of(KernelTypes.CeilDiv(s.Positions, Positions), s.Tokens), Dim3.Of(128),
            SharedBytes(s.Heads, s.KeyDim));
    }

    /// <summary>scores (T, Ld), row t at 0..Start+t, from q (T, Hi, Di), w (T, Hi) and the f16 keys k (cap, Di);
    /// each head weight is multiplied by <paramref name="scale"/>.</summary>
    public static void Run(CudaKernels kernels, CudaStream stream, DsaIndexShape s, DevicePointer q, DevicePointer w, DevicePointer k,
        DevicePointer scores, float scale)
    {
        var c = Configure(s);
        var a = Args(s, q, w, k, scores, scale);
        c.Launch(kernels, stream, ref a);
    }

    /// <summary>The kernel parameters of <see cref="Run"/>, in the declaration order of the entry point.</summary>
    internal static KernelArgs Args(DsaIndexShape s, DevicePointer q, DevicePointer w, DevicePointer k, DevicePointer scores, float scale)
    {
        var a = new KernelArgs();
        a.Add(q); a.Add(w); a.Add(k); a.Add(scores);
        a.Add(s.Tokens); a.Add(s.Heads); a.Add(s.KeyDim); a.Add(s.Start); a.Add(s.Ld); a.Add(scale);
        return a;
    }
}
