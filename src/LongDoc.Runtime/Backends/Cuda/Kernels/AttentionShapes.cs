namespace LongDoc.Runtime.Backends.Cuda.Kernels;

/// <summary>Checks and counts the attention launchers share.</summary>
static class AttentionShapes
{
    public static void CheckHeads(string file, int heads, int kvHeads)
    {
        if (heads < 1 || kvHeads < 1 || heads % kvHeads != 0)
            throw new ArgumentException($"{file}: {heads} query heads cannot share {kvHeads} KV heads evenly");
    }

    /// <summary>Query blocks of T tokens at <paramref name="start"/>, aligned to positions as the CPU op aligns them:
    /// block qb holds positions [qb*B, qb*B+B); the chunk spans blocks start/B .. (start+T-1)/B.</summary>
    public static int QueryBlocks(int start, int tokens, int blockSize) =>
        tokens < 1 || blockSize < 1 ? 0 : (start + tokens - 1) / blockSize - start / blockSize + 1;

    /// <summary>
    /// Capacity of the selection lists for a window of <paramref name="window"/> tokens and a budget of
    /// <paramref name="budgetBlocks"/>: a list holds at most the budget, or when sink + window alone exceed it, the
    /// sink and the window blocks (a window can straddle one more block than it spans, plus the query's own).
    /// </summary>
    public static int ListCapacity(int blockSize, int window, int budgetBlocks) =>
        Math.Max(budgetBlocks, 3 + KernelTypes.CeilDiv(window, blockSize));
}
