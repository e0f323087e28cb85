using LongDoc.Runtime.Weights;

namespace LongDoc.Runtime.Backends.Cuda.Kernels;

/// <summary>
/// MLA decode on the latent cache in the absorbed form (Layers/MlaAttention.cs): the cache row of a position is
/// [c (R) | k_pe (Pe)], one for all heads. Scores q_lat . row with q_lat (H, R+Pe) = [W_k^T q_nope | q_pe] (the
/// absorbed query, from gemv.cu batched over heads), values = the first R channels of the same row, so this is
/// attention_decode.cu with one KV head, Dk = R+Pe, Dv = R, both strides R+Pe and v aliasing k. The latent output
/// (H, R) then goes through W_v (gemv.cu, batched over heads) to (H, Dv).
/// Legend: H heads, R kv_lora rank, Pe rope width, S positions, B block size.
/// </summary>
public static class MlaDecodeLauncher
{
    public static AttentionDecodeShape Shape(int heads, int latent, int rope, int positions, int blockSize, int capacity,
        int maxSelected, int splits, GgmlType cacheType) =>
        new(heads, 1, latent + rope, latent, latent + rope, latent + rope, positions, blockSize, capacity, maxSelected, splits, cacheType);

    public static LaunchConfig Configure(int heads, int latent, int rope, int positions, int blockSize, int capacity,
        int maxSelected, int splits, GgmlType cacheType) =>
        AttentionDecodeLauncher.Configure(Shape(heads, latent, rope, positions, blockSize, capacity, maxSelected, splits, cacheType));

    /// <summary>
    /// oLatent (H, R) = attention of the absorbed queries qLatent (H, R+Pe) over the latent cache (cap, R+Pe), through
    /// the partial workspaces partO (H, P, R) and partMl (H, P, 2).
    /// </summary>
    public static void Run(CudaKernels kernels, CudaStream stream, AttentionDecodeShape s, DevicePointer qLatent, DevicePointer latentCache,
        DevicePointer sel, DevicePointer nsel, DevicePointer partO, DevicePointer partMl, DevicePointer oLatent, float scale) =>
        AttentionDecodeLauncher.RunAndMerge(kernels, stream, s, qLatent, latentCache, latentCache, sel, nsel, partO, partMl, oLatent, scale);
}
