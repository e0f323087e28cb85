using LongDoc.Runtime.Weights;

namespace LongDoc.Runtime.Backends.Cuda.Kernels;

/// <summary>
/// Host-side plan of one grouped expert call (moe_permute -> moe_gemm gate/up with SwiGLU -> moe_gemm down ->
/// moe_unpermute): the two GEMM shapes and where each array lives in the device scratch, computed without a device.
/// Legend: T tokens, A active, N = T*A routing entries (= sorted rows), E experts, D hidden, F expert FFN width.
/// <list type="bullet">
/// <item>ints: ids (N) | offsets (E+1) | rowSrc (N) | entryRow (N)</item>
/// <item>xy: x (T, D) read by gate/up; then the output y (T, D), written by moe_unpermute once x is no longer needed</item>
/// <item>hidden: h (N, F), gate/up's output and down's input (at 0: moe_gemm reads its input with 16-byte loads)</item>
/// <item>routed: weights (N) | o (N, D), down's output, at a multiple of 4 floats</item>
/// </list>
/// </summary>
public readonly record struct ExpertPlan(int Tokens, int Active, int Experts, int Hidden, int Ffn, GgmlType GateType, GgmlType DownType)
{
    public int Rows => checked(Tokens * Active);

    public long OffsetsAt => Rows;
    public long RowSrcAt => OffsetsAt + Experts + 1;
    public long EntryRowAt => RowSrcAt + Rows;
    public long Ints => EntryRowAt + Rows;

    public long XyFloats => (long)Tokens * Hidden;
    public long HiddenFloats => (long)Rows * Ffn;
    public long OutputsAt => (Rows + 3L) / 4 * 4;
    public long RoutedFloats => OutputsAt + (long)Rows * Hidden;

    public MoeGemmShape GateUp => new(Rows, Experts, Active, Hidden, Ffn, GateType, SwiGlu: true);
    public MoeGemmShape Down => new(Rows, Experts, Active, Ffn, Hidden, DownType, SwiGlu: false);

    /// <summary>Throws unless every id names one of the E experts: moe_permute skips others and leaves their rows unset.</summary>
    public void CheckIds(ReadOnlySpan<int> ids)
    {
        if (ids.Length < Rows) throw new ArgumentException($"experts: {Tokens} tokens x {Active} active need {Rows} routing entries; got {ids.Length}");
        for (int n = 0; n < Rows; n++)
            if ((uint)ids[n] >= (uint)Experts)
                throw new ArgumentOutOfRangeException(nameof(ids), $"experts: entry {n} (token {n / Active}) routes to expert {ids[n]} of {Experts}");
    }

    /// <summary>
    /// The (expert, first row, end row) that moe_gemm.cu's CTA <paramref name="tile"/> along x works on, walking the
    /// per-expert tile counts as the kernel does, or expert -1 for a CTA past the last tile (it exits).
    /// </summary>
    public static (int Expert, int First, int End) TileOf(ReadOnlySpan<int> offsets, int experts, int tile, int tileRows = 64)
    {
        for (int e = 0; e < experts; e++)
        {
            int tiles = (offsets[e + 1] - offsets[e] + tileRows - 1) / tileRows;
            if (tile < tiles) return (e, offsets[e] + tile * tileRows, offsets[e + 1]);
            tile -= tiles;
        }
        return (-1, 0, 0);
    }
}
