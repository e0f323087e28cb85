namespace LongDoc.Runtime.Backends.Cuda.Kernels;

/// <summary>Checks the attention launchers share.</summary>
static class AttentionShapes
{
    public static void CheckHeads(string file, int heads, int kvHeads)
    {
        if (heads < 1 || kvHeads < 1 || heads % kvHeads != 0)
            throw new ArgumentException($"{file}: {heads} query heads cannot share {kvHeads} KV heads evenly");
    }

    /// <summary>Capacity of the selection lists for a window of <paramref name="window"/> tokens and
    /// <paramref name="topK"/> extra blocks: sink + window blocks (a query block can straddle one more) + top-K.</summary>
    public static int ListCapacity(int blockSize, int window, int topK) =>
        1 + KernelTypes.CeilDiv(window, blockSize) + 2 + topK;
}
