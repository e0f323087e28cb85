using LongDoc.Runtime.Weights;

namespace LongDoc.Runtime.Backends.Cuda.Kernels;

/// <summary>
/// Shapes of one grouped expert GEMM (kernels/moe_gemm.cu). Legend: N = T*A sorted rows, E experts, K input width
/// (D for gate/up, F for down), M output width (F for gate/up, D for down). SwiGlu: the gate/up form with both
/// weights and the fused silu(g) * u; otherwise the down form.
/// </summary>
public sealed record MoeGemmShape(int Rows, int Experts, int Active, int InputWidth, int OutputWidth, GgmlType WeightType, bool SwiGlu);

/// <summary>
/// Launch configuration of moe_gemm.cu: 64 x 64 tiles, 4 warps, grid (ceil(N / 64) + E, ceil(M / 64)) — the upper
/// bound of the per-expert tile count, so the routing never has to come back to the host; static shared 15 KiB.
/// </summary>
public static class MoeGemmLauncher
{
    public const string File = "moe_gemm.cu";
    const int Tile = 64, StaticShared = 3 * Tile * 40 * 2;

    public static long RowBytes(MoeGemmShape s) => KernelTypes.RowBytes(s.WeightType, s.InputWidth);
    public static long ExpertBytes(MoeGemmShape s) => RowBytes(s) * s.OutputWidth;

    public static LaunchConfig Configure(MoeGemmShape s)
    {
        KernelTypes.CheckWidth(s.WeightType, s.InputWidth, File);
        if (s.Rows < 1 || s.Experts < 1 || s.Active < 1 || s.OutputWidth < 1)
            throw new ArgumentException($"{File}: rows {s.Rows}, experts {s.Experts}, active {s.Active}, output width {s.OutputWidth} must be positive");
        string entry = $"moe_gemm_{(s.SwiGlu ? "swiglu_" : "")}{KernelTypes.WeightSuffix(s.WeightType)}";
        return new LaunchConfig(File, entry, Dim3.Of(KernelTypes.CeilDiv(s.Rows, Tile) + s.Experts, KernelTypes.CeilDiv(s.OutputWidth, Tile)),
            Dim3.Of(128), 0, StaticShared);
    }

    /// <summary>
    /// Gate/up (s.SwiGlu): output (N, F) = silu(x[token] Wg^T) * (x[token] Wu^T), x (T, D), rowSrc from moe_permute;
    /// down: output (N, D) = x (N, F) Wd^T with rowSrc = <see cref="DevicePointer.Null"/> and wu unused.
    /// Weights (E, M, K) in <see cref="MoeGemmShape.WeightType"/>.
    /// </summary>
    public static void Run(CudaKernels kernels, CudaStream stream, MoeGemmShape s, DevicePointer x, DevicePointer wg, DevicePointer wu,
        DevicePointer offsets, DevicePointer rowSrc, DevicePointer output)
    {
        var c = Configure(s);
        var a = Args(s, x, wg, wu, offsets, rowSrc, output);
        c.Launch(kernels, stream, ref a);
    }

    /// <summary>The kernel parameters of <see cref="Run"/>, in the declaration order of the entry point.</summary>
    internal static KernelArgs Args(MoeGemmShape s, DevicePointer x, DevicePointer wg, DevicePointer wu,
        DevicePointer offsets, DevicePointer rowSrc, DevicePointer output)
    {
        var a = new KernelArgs();
        a.Add(x); a.Add(wg); a.Add(s.SwiGlu ? wu : wg); a.Add(offsets); a.Add(rowSrc); a.Add(output);
        a.Add(s.Experts); a.Add(s.Active); a.Add(s.InputWidth); a.Add(s.OutputWidth); a.Add(RowBytes(s)); a.Add(ExpertBytes(s));
        return a;
    }
}
