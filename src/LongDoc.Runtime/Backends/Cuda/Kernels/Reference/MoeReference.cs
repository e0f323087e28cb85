namespace LongDoc.Runtime.Backends.Cuda.Kernels.Reference;

/// <summary>
/// Scalar references of the MoE kernels (moe_route.cu is checked against the CPU backend's Route): moe_permute.cu
/// (stable counting sort), moe_gemm.cu (grouped GEMM on f32 weights, optional SwiGLU) and moe_unpermute.cu (weighted gather). Legend: T tokens, E experts, A active, N = T*A rows, K input, M output width.
/// </summary>
public static class MoeReference
{
    /// <summary>ids (N) -> offsets (E+1), rowSrc (N), entryRow (N), stable by entry.</summary>
    public static void Permute(ReadOnlySpan<int> ids, Span<int> offsets, Span<int> rowSrc, Span<int> entryRow, int experts)
    {
        offsets[..(experts + 1)].Clear();
        foreach (int e in ids) offsets[e + 1]++;
        for (int e = 0; e < experts; e++) offsets[e + 1] += offsets[e];
        var next = offsets[..experts].ToArray();
        for (int n = 0; n < ids.Length; n++)
        {
            int row = next[ids[n]]++;
            rowSrc[row] = n;
            entryRow[n] = row;
        }
    }

    /// <summary>
    /// out (N, M) for the rows of each expert: gate/up form (up non-empty) silu(xr . wg) * (xr . wu) with xr the token
    /// x[rowSrc[r] / A] (rowSrc non-empty) or row r of x; weights wg/wu (E, M, K) f32.
    /// </summary>
    public static void GroupedGemm(ReadOnlySpan<float> x, ReadOnlySpan<float> wg, ReadOnlySpan<float> wu, ReadOnlySpan<int> offsets,
        ReadOnlySpan<int> rowSrc, Span<float> output, int experts, int active, int k, int m)
    {
        for (int e = 0; e < experts; e++)
            for (int r = offsets[e]; r < offsets[e + 1]; r++)
            {
                var xr = x.Slice((rowSrc.IsEmpty ? r : rowSrc[r] / active) * k, k);
                for (int n = 0; n < m; n++)
                {
                    double g = 0, u = 0;
                    var gr = wg.Slice((e * m + n) * k, k);
                    for (int c = 0; c < k; c++) g += (double)xr[c] * gr[c];
                    if (!wu.IsEmpty)
                    {
                        var ur = wu.Slice((e * m + n) * k, k);
                        for (int c = 0; c < k; c++) u += (double)xr[c] * ur[c];
                    }
                    output[r * m + n] = wu.IsEmpty ? (float)g : (float)(g / (1 + Math.Exp(-g)) * u);
                }
            }
    }

    /// <summary>
    /// The grouped expert call as CudaBackend.TryExperts chains the kernels: ids (T, A) -> Permute -> GroupedGemm gate/up
    /// with SwiGLU -> GroupedGemm down -> Unpermute with weights (T, A) into y (T, D), overwritten. x (T, D); wg, wu (E, F, D)
    /// and wd (E, D, F) f32.
    /// </summary>
    public static void Experts(ReadOnlySpan<float> x, ReadOnlySpan<float> wg, ReadOnlySpan<float> wu, ReadOnlySpan<float> wd,
        ReadOnlySpan<int> ids, ReadOnlySpan<float> weights, Span<float> y, int tokens, int active, int experts, int hidden, int ffn)
    {
        int rows = tokens * active;
        var offsets = new int[experts + 1];
        var rowSrc = new int[rows];
        var entryRow = new int[rows];
        Permute(ids[..rows], offsets, rowSrc, entryRow, experts);
        var h = new float[rows * ffn];
        GroupedGemm(x, wg, wu, offsets, rowSrc, h, experts, active, hidden, ffn);
        var o = new float[rows * hidden];
        GroupedGemm(h, wd, [], offsets, [], o, experts, active, ffn, hidden);
        Unpermute(o, entryRow, weights, y, tokens, active, hidden, accumulate: false);
    }

    /// <summary>out (T, D) (+)= sum_a weights[t, a] * y[entryRow[t*A + a]].</summary>
    public static void Unpermute(ReadOnlySpan<float> y, ReadOnlySpan<int> entryRow, ReadOnlySpan<float> weights, Span<float> output,
        int tokens, int active, int hidden, bool accumulate)
    {
        for (int t = 0; t < tokens; t++)
            for (int d = 0; d < hidden; d++)
            {
                float acc = accumulate ? output[t * hidden + d] : 0f;
                for (int a = 0; a < active; a++) acc += weights[t * active + a] * y[entryRow[t * active + a] * hidden + d];
                output[t * hidden + d] = acc;
            }
    }
}
