using LongDoc.Runtime.Weights;

namespace LongDoc.Runtime.Backends.Cuda.Kernels;

/// <summary>
/// Shapes of one split decode attention call (kernels/attention_decode.cu). Legend: H heads, Hkv KV heads, Dk/Dv
/// widths (multiples of 64, at most 640), KeyStride/ValueStride elements between positions (Dk/Dv for a plain
/// cache, R+Pe for the MLA latent), S cached positions (the query is at S-1), B block size, cap capacity,
/// KS list capacity, P splits.
/// </summary>
public sealed record AttentionDecodeShape(int Heads, int KvHeads, int KeyDim, int ValueDim, int KeyStride, int ValueStride,
    int Positions, int BlockSize, int Capacity, int MaxSelected, int Splits, GgmlType CacheType);

/// <summary>
/// Launch configuration of attention_decode.cu: grid (H, P), 4 warps; static shared 4 x 640 floats of warp partials.
/// Its partials (H, P, Dv) and (H, P, 2) go to <see cref="AttentionMergeLauncher"/>.
/// </summary>
public static class AttentionDecodeLauncher
{
    public const string File = "attention_decode.cu";
    public const int MaxDim = 640;
    const int StaticShared = 4 * 4 + 4 * 4 + 4 * MaxDim * 4;

    /// <summary>
    /// Splits so that about two CTAs run per SM (H CTAs per split), at most one per selected block, at least one.
    /// </summary>
    public static int SplitsFor(int heads, int selectedBlocks, int multiprocessors) =>
        Math.Clamp(KernelTypes.CeilDiv(2L * multiprocessors, Math.Max(1, heads)), 1, Math.Max(1, selectedBlocks));

    public static LaunchConfig Configure(AttentionDecodeShape s)
    {
        AttentionShapes.CheckHeads(File, s.Heads, s.KvHeads);
        foreach (var (dim, name) in new[] { (s.KeyDim, "key"), (s.ValueDim, "value") })
            if (dim <= 0 || dim % 64 != 0 || dim > MaxDim)
                throw new ArgumentException($"{File}: {name} width {dim} must be a multiple of 64 up to {MaxDim}");
        if (s.KeyStride < s.KeyDim || s.ValueStride < s.ValueDim || s.KeyStride % 2 != 0 || s.ValueStride % 2 != 0)
            throw new ArgumentException($"{File}: strides ({s.KeyStride}, {s.ValueStride}) must be even and cover the widths");
        if (s.Positions < 1 || s.Positions > s.Capacity) throw new ArgumentException($"{File}: {s.Positions} positions in a cache of {s.Capacity}");
        if (s.BlockSize < 1 || s.MaxSelected < 1 || s.Splits < 1)
            throw new ArgumentException($"{File}: block size {s.BlockSize}, list capacity {s.MaxSelected} and splits {s.Splits} must be positive");
        return new LaunchConfig(File, $"attn_decode_{KernelTypes.CacheSuffix(s.CacheType)}", Dim3.Of(s.Heads, s.Splits),
            Dim3.Of(128), 0, StaticShared);
    }

    /// <summary>Split partials of decode attention: partO (H, P, Dv), partMl (H, P, 2). Merge with
    /// <see cref="AttentionMergeLauncher.Run"/>.</summary>
    public static void Run(CudaKernels kernels, CudaStream stream, AttentionDecodeShape s, DevicePointer q, DevicePointer k,
        DevicePointer v, DevicePointer sel, DevicePointer nsel, DevicePointer partO, DevicePointer partMl, float scale)
    {
        var c = Configure(s);
        var a = Args(s, q, k, v, sel, nsel, partO, partMl, scale);
        c.Launch(kernels, stream, ref a);
    }

    /// <summary>The kernel parameters of <see cref="Run"/>, in the declaration order of the entry point.</summary>
    internal static KernelArgs Args(AttentionDecodeShape s, DevicePointer q, DevicePointer k,
        DevicePointer v, DevicePointer sel, DevicePointer nsel, DevicePointer partO, DevicePointer partMl, float scale)
    {
        var a = new KernelArgs();
        a.Add(q); a.Add(k); a.Add(v); a.Add(sel); a.Add(nsel); a.Add(partO); a.Add(partMl);
        a.Add(s.Heads); a.Add(s.KvHeads); a.Add(s.Capacity); a.Add(s.KeyStride); a.Add(s.ValueStride); a.Add(s.KeyDim); a.Add(s.ValueDim);
        a.Add(s.Positions); a.Add(s.BlockSize); a.Add(s.MaxSelected); a.Add(scale);
        return a;
    }

    /// <summary>Decode attention end to end: partials into the workspaces, then the merge into o (H, Dv).</summary>
    public static void RunAndMerge(CudaKernels kernels, CudaStream stream, AttentionDecodeShape s, DevicePointer q, DevicePointer k,
        DevicePointer v, DevicePointer sel, DevicePointer nsel, DevicePointer partO, DevicePointer partMl, DevicePointer o, float scale)
    {
        Run(kernels, stream, s, q, k, v, sel, nsel, partO, partMl, scale);
        AttentionMergeLauncher.Run(kernels, stream, s.Heads, s.Splits, s.ValueDim, partO, partMl, o);
    }
}
