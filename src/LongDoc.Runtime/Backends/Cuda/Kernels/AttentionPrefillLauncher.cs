using LongDoc.Runtime.Weights;

namespace LongDoc.Runtime.Backends.Cuda.Kernels;

/// <summary>
/// Shapes of one block-sparse prefill attention call (kernels/attention_prefill.cu). Legend: T query tokens at
/// positions Start.., H heads, Hkv KV heads, Dk/Dv head widths, B block size, cap cache capacity, KS list capacity.
/// Query blocks are aligned to positions (the CPU op's lists): NQ = (Start+T-1)/B - Start/B + 1.
/// </summary>
public sealed record AttentionPrefillShape(int Tokens, int Heads, int KvHeads, int KeyDim, int ValueDim, int BlockSize,
    int Capacity, int Start, int MaxSelected, GgmlType CacheType)
{
    public int QueryBlocks => AttentionShapes.QueryBlocks(Start, Tokens, BlockSize);
}

/// <summary>
/// Launch configuration of attention_prefill.cu: one CTA of 4 warps per 64-position tile of a query block and head, grid
/// (NQ * B / 64, H); shared memory Q and K tiles (64, Dk+8) and the transposed V tile (Dv, 72), all 16-bit.
/// </summary>
public static class AttentionPrefillLauncher
{
    public const string File = "attention_prefill.cu";
    const int Tile = 64, Pad = 8;

    /// <summary>(Dk, Dv) pairs with an entry point: llama/qwen/mixtral heads, deepseek2 prefill heads (nope+rope, v).</summary>
    public static readonly IReadOnlyList<(int Dk, int Dv)> HeadDims = [(64, 64), (128, 128), (192, 128)];

    public static int SharedBytes(int dk, int dv) => 2 * (2 * Tile * (dk + Pad) + dv * (Tile + Pad));

    public static LaunchConfig Configure(AttentionPrefillShape s)
    {
        Validate(s);
        string entry = $"attn_prefill_{KernelTypes.CacheSuffix(s.CacheType)}_{s.KeyDim}_{s.ValueDim}";
        return new LaunchConfig(File, entry, Dim3.Of(s.QueryBlocks * (s.BlockSize / Tile), s.Heads), Dim3.Of(128),
            SharedBytes(s.KeyDim, s.ValueDim));
    }

    static void Validate(AttentionPrefillShape s)
    {
        if (!HeadDims.Contains((s.KeyDim, s.ValueDim)))
            throw new ArgumentException($"{File}: no kernel for head widths ({s.KeyDim}, {s.ValueDim}); have {string.Join(", ", HeadDims)}");
        if (s.BlockSize <= 0 || s.BlockSize % Tile != 0) throw new ArgumentException($"{File}: block size {s.BlockSize} must be a positive multiple of {Tile}");
        AttentionShapes.CheckHeads(File, s.Heads, s.KvHeads);
        if (s.Tokens < 1 || s.Start < 0 || s.Start + s.Tokens > s.Capacity)
            throw new ArgumentException($"{File}: {s.Tokens} tokens at {s.Start} do not fit a cache of {s.Capacity}");
        if (s.MaxSelected < 1) throw new ArgumentException($"{File}: the selection lists hold {s.MaxSelected} blocks");
    }

    /// <summary>o (T, H, Dv) = block-sparse causal attention of q (T, H, Dk) over k, v (Hkv, cap, D) and the
    /// selection sel (NQ, Hkv, KS) / nsel (NQ, Hkv).</summary>
    public static void Run(CudaKernels kernels, CudaStream stream, AttentionPrefillShape s, DevicePointer q, DevicePointer k,
        DevicePointer v, DevicePointer sel, DevicePointer nsel, DevicePointer o, float scale)
    {
        var c = Configure(s);
        var a = Args(s, q, k, v, sel, nsel, o, scale);
        c.Launch(kernels, stream, ref a);
    }

    /// <summary>The kernel parameters of <see cref="Run"/>, in the declaration order of the entry point.</summary>
    internal static KernelArgs Args(AttentionPrefillShape s, DevicePointer q, DevicePointer k,
        DevicePointer v, DevicePointer sel, DevicePointer nsel, DevicePointer o, float scale)
    {
        var a = new KernelArgs();
        a.Add(q); a.Add(k); a.Add(v); a.Add(sel); a.Add(nsel); a.Add(o);
        a.Add(s.Tokens); a.Add(s.Heads); a.Add(s.KvHeads); a.Add(s.Capacity); a.Add(s.Start); a.Add(s.BlockSize); a.Add(s.MaxSelected);
        a.Add(scale);
        return a;
    }
}
