namespace LongDoc.Runtime.Backends.Cuda.Kernels;

/// <summary>
/// Shapes of one block selection (kernels/block_select.cu). Legend: T query tokens at Start.., H heads, Hkv KV
/// heads, Dk key width, B block size, W window tokens, K extra blocks, KS list capacity, NBcap stats capacity.
/// </summary>
public sealed record BlockSelectShape(int Tokens, int Heads, int KvHeads, int KeyDim, int Start, int BlockSize,
    int BlockCapacity, int Window, int TopK, int MaxSelected, bool MaxPool)
{
    public int QueryBlocks => KernelTypes.CeilDiv(Tokens, BlockSize);
    public int KeyBlocks => KernelTypes.CeilDiv(Start + Tokens, BlockSize);
}

/// <summary>
/// Launch configuration of block_select.cu: grid (NQ, Hkv), 256 threads, dynamic shared memory for the pooled
/// queries (HeadChunk x Dk floats), the scores (NB floats) and the chosen flags (NB bytes).
/// </summary>
public static class BlockSelectLauncher
{
    public const string File = "block_select.cu";

    /// <summary>Heads pooled at a time: at most 32 KiB of pooled queries (an MLA group is H heads of 576).</summary>
    public static int HeadChunk(BlockSelectShape s) => Math.Clamp(8192 / Math.Max(1, s.KeyDim), 1, s.Heads / s.KvHeads);

    public static int SharedBytes(BlockSelectShape s) => (HeadChunk(s) * s.KeyDim + s.KeyBlocks) * 4 + (s.KeyBlocks + 15) / 16 * 16;

    public static LaunchConfig Configure(BlockSelectShape s)
    {
        AttentionShapes.CheckHeads(File, s.Heads, s.KvHeads);
        if (s.Tokens < 1 || s.Start < 0 || s.BlockSize < 1 || s.KeyDim < 1 || s.Window < 1 || s.TopK < 0)
            throw new ArgumentException($"{File}: tokens {s.Tokens}, start {s.Start}, block {s.BlockSize}, key width {s.KeyDim}, window {s.Window}, top-K {s.TopK} out of range");
        if (s.KeyBlocks > s.BlockCapacity) throw new ArgumentException($"{File}: {s.KeyBlocks} key blocks exceed the statistics capacity {s.BlockCapacity}");
        int need = AttentionShapes.ListCapacity(s.BlockSize, s.Window, s.TopK);
        if (s.MaxSelected < Math.Min(need, s.KeyBlocks))
            throw new ArgumentException($"{File}: lists of {s.MaxSelected} blocks cannot hold sink + window + {s.TopK} (need {Math.Min(need, s.KeyBlocks)})");
        return new LaunchConfig(File, "block_select", Dim3.Of(s.QueryBlocks, s.KvHeads), Dim3.Of(256), SharedBytes(s));
    }

    /// <summary>sel (NQ, Hkv, KS) ascending and nsel (NQ, Hkv) from q (T, H, Dk) and kmin, kmax (Hkv, NBcap, Dk).</summary>
    public static void Run(CudaKernels kernels, CudaStream stream, BlockSelectShape s, DevicePointer q, DevicePointer kmin, DevicePointer kmax,
        DevicePointer sel, DevicePointer nsel)
    {
        var c = Configure(s);
        var a = Args(s, q, kmin, kmax, sel, nsel);
        c.Launch(kernels, stream, ref a);
    }

    /// <summary>The kernel parameters of <see cref="Run"/>, in the declaration order of the entry point.</summary>
    internal static KernelArgs Args(BlockSelectShape s, DevicePointer q, DevicePointer kmin, DevicePointer kmax,
        DevicePointer sel, DevicePointer nsel)
    {
        var a = new KernelArgs();
        a.Add(q); a.Add(kmin); a.Add(kmax); a.Add(sel); a.Add(nsel);
        a.Add(s.Tokens); a.Add(s.Heads); a.Add(s.KvHeads); a.Add(s.KeyDim); a.Add(s.Start); a.Add(s.BlockSize); a.Add(s.BlockCapacity);
        a.Add(s.Window); a.Add(s.TopK); a.Add(s.MaxSelected); a.Add(s.MaxPool ? 1 : 0); a.Add(HeadChunk(s));
        return a;
    }
}
