using LongDoc.Runtime.Weights;

namespace LongDoc.Runtime.Backends.Cuda.Kernels;

/// <summary>
/// Launch configuration of block_stats.cu: per-block per-channel key min, max and sum for blocks first .. NB-1.
/// Grid (NB - first, Hkv), one thread per channel up to 256. Legend: NB = ceil(S / B) blocks.
/// </summary>
public static class BlockStatsLauncher
{
    public const string File = "block_stats.cu";

    public static LaunchConfig Configure(int kvHeads, int keyDim, int blockSize, int positions, int firstBlock, int blockCapacity, GgmlType cacheType)
    {
        int blocks = KernelTypes.CeilDiv(positions, Math.Max(1, blockSize));
        if (kvHeads < 1 || keyDim < 1 || blockSize < 1 || positions < 1)
            throw new ArgumentException($"{File}: KV heads {kvHeads}, key width {keyDim}, block size {blockSize}, positions {positions} must be positive");
        if (firstBlock < 0 || firstBlock >= blocks) throw new ArgumentException($"{File}: first block {firstBlock} outside 0..{blocks - 1}");
        if (blocks > blockCapacity) throw new ArgumentException($"{File}: {blocks} blocks exceed the statistics capacity {blockCapacity}");
        int threads = Math.Min(256, KernelTypes.CeilDiv(keyDim, 32) * 32);
        return new LaunchConfig(File, $"block_stats_{KernelTypes.CacheSuffix(cacheType)}", Dim3.Of(blocks - firstBlock, kvHeads), Dim3.Of(threads), 0);
    }

    /// <summary>kmin, kmax, ksum (Hkv, NBcap, Dk) of blocks firstBlock .. ceil(S/B)-1 from k (Hkv, cap, Dk).</summary>
    public static void Run(CudaKernels kernels, CudaStream stream, int kvHeads, int keyDim, int blockSize, int positions, int firstBlock,
        int blockCapacity, int capacity, GgmlType cacheType, DevicePointer k, DevicePointer kmin, DevicePointer kmax, DevicePointer ksum)
    {
        if (positions > capacity) throw new ArgumentException($"{File}: {positions} positions in a cache of {capacity}");
        var c = Configure(kvHeads, keyDim, blockSize, positions, firstBlock, blockCapacity, cacheType);
        var a = Args(kvHeads, keyDim, blockSize, positions, firstBlock, blockCapacity, capacity, cacheType, k, kmin, kmax, ksum);
        c.Launch(kernels, stream, ref a);
    }

    /// <summary>The kernel parameters of <see cref="Run"/>, in the declaration order of the entry point.</summary>
    internal static KernelArgs Args(int kvHeads, int keyDim, int blockSize, int positions, int firstBlock,
        int blockCapacity, int capacity, GgmlType cacheType, DevicePointer k, DevicePointer kmin, DevicePointer kmax, DevicePointer ksum)
    {
        var a = new KernelArgs();
        a.Add(k); a.Add(kmin); a.Add(kmax); a.Add(ksum); a.Add(capacity); a.Add(keyDim); a.Add(blockSize); a.Add(positions); a.Add(firstBlock); a.Add(blockCapacity);
        return a;
    }
}
