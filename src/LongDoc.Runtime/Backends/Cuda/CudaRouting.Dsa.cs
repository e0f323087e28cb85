using LongDoc.Runtime.Backends.Cuda.Kernels;
using LongDoc.Runtime.Models;

namespace LongDoc.Runtime.Backends.Cuda;

/// <summary>One DSA selection as <see cref="CudaRouting.DsaSelectOnCpu"/> sees it: index key cache type, Hi index heads,
/// Di index key width, the positions the last token sees, top_k.</summary>
public readonly record struct DsaSelectRoute(KvCacheType Keys, int Heads, int KeyDim, int Positions, int TopK)
{
    public static DsaSelectRoute Of(in DsaSelectCall c) => new(c.Keys.Type, c.Heads, c.Keys.KeyLength, c.Start + c.Tokens, c.TopK);
}

/// <summary>One gathered MLA call as <see cref="CudaRouting.DsaAttentionOnCpu"/> sees it: latent cache type, H heads,
/// latent rank R, rope width Pe, list capacity top_k.</summary>
public readonly record struct DsaAttentionRoute(KvCacheType Cache, int Heads, int Latent, int Rope, int TopK)
{
    public static DsaAttentionRoute Of(in DsaAttentionCall c) => new(c.Cache.Type, c.Heads, c.Latent, c.Cache.KeyLength - c.Latent, c.TopK);
}

/// <summary>
/// DeepSeek Sparse Attention (<see cref="IDsaAttention"/>): the lightning indexer's scores (dsa_index.cu, f16 tensor
/// cores) and top-k (dsa_topk.cu) on the device, then MLA over the selected latent rows (dsa_mla.cu), prefill and decode.
/// What stays on the host: the index keys and queries themselves (attn_k, LayerNorm, RoPE, Hadamard: a few thousand
/// flops per token, MatMuls routed as any other), and each call a row below names.
/// </summary>
public static partial class CudaRouting
{
    /// <summary>Why a DSA selection runs on the CPU (Layers/LightningIndexer.cs): the first row that applies; none: the device.</summary>
    public static readonly IReadOnlyList<(string Reason, Func<DsaSelectRoute, bool> Applies)> DsaSelectOnCpu =
    [
        ("F32 index keys: the CPU's f32 selection (the kernel reads f16 keys)", r => r.Keys != KvCacheType.F16),
        ("the shape is empty", r => r.Heads < 1 || r.KeyDim < 1 || r.TopK < 1 || r.Positions < 1),
        ("the f16 query tile of every index head exceeds shared memory",
            r => DsaIndexLauncher.SharedBytes(r.Heads, r.KeyDim) > DeviceLimits.Sm80.MaxSharedPerBlock),
    ];

    /// <summary>Why a gathered MLA call runs on the CPU (Layers/GatheredLatentAttention.cs): the first row that applies.</summary>
    public static readonly IReadOnlyList<(string Reason, Func<DsaAttentionRoute, bool> Applies)> DsaAttentionOnCpu =
    [
        ("the latent cache is not mirrored on the device (F32)", r => !CacheOnDevice.ContainsKey(r.Cache)),
        ("the shape is empty", r => r.Heads < 1 || r.Latent < 1 || r.Rope < 0 || r.TopK < 1),
        ("the query row and the scores of top_k positions exceed shared memory",
            r => DsaMlaLauncher.SharedBytes(new DsaMlaShape(1, r.Heads, r.Latent, r.Rope, r.TopK)) > DeviceLimits.Sm80.MaxSharedPerBlock),
    ];

    /// <summary>The reason of the first row of <see cref="DsaSelectOnCpu"/> that applies, or null (the device).</summary>
    public static string? DsaSelectCpuReason(DsaSelectRoute route) => FirstReason(DsaSelectOnCpu, route);

    /// <summary>The reason of the first row of <see cref="DsaAttentionOnCpu"/> that applies, or null (the device).</summary>
    public static string? DsaAttentionCpuReason(DsaAttentionRoute route) => FirstReason(DsaAttentionOnCpu, route);

    static string? FirstReason<T>(IReadOnlyList<(string Reason, Func<T, bool> Applies)> rows, T route)
    {
        foreach (var (reason, applies) in rows)
            if (applies(route)) return reason;
        return null;
    }
}
