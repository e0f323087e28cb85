using LongDoc.Runtime.Backends.Cuda.Kernels;
using LongDoc.Runtime.Weights;

namespace LongDoc.Runtime.Backends.Cuda;

/// <summary>
/// The routed experts of a MoE layer on the device, as one grouped call instead of one MatMul per expert: x (T, D),
/// the router's ids and weights (T, A) are copied in; moe_permute sorts the T*A entries by expert, moe_gemm runs
/// gate/up with the fused SwiGLU and then down over each expert's rows, moe_unpermute gathers each token's A rows
/// weighted into y (T, D), which is copied back. The expert tensors are read where <see cref="Prepare"/> uploaded
/// them whole (<see cref="ExpertStack"/>); <see cref="CudaRouting.Experts"/> sends other types and widths to the CPU.
/// </summary>
public sealed partial class CudaBackend : IExpertBackend
{
    /// <summary>Grouped expert calls run on the device so far (tests and the self-test check the path is taken).</summary>
    public long ExpertCalls { get; private set; }

    public bool TryExperts(in ExpertCall call, ReadOnlySpan<float> x, Span<float> y)
    {
        if (call.Experts == 0 || call.Tokens < 1) return false;
        var plan = new ExpertPlan(call.Tokens, call.Active, call.Experts, call.Hidden, call.Ffn, call.Gate[0].Type, call.Down[0].Type);
        if (CudaRouting.Experts(plan.GateType, call.Up[0].Type, plan.DownType, plan.Experts, plan.Active, plan.Hidden, plan.Ffn, plan.Tokens) == CudaPath.Cpu
            || !TryWhole(call.Gate, out var wg) || !TryWhole(call.Up, out var wu) || !TryWhole(call.Down, out var wd))
            return false;
        plan.CheckIds(call.Ids);
        if (call.Weights.Length < plan.Rows || x.Length < plan.XyFloats || y.Length < plan.XyFloats)
            throw new ArgumentException($"experts: {plan.Tokens} tokens x {plan.Active} active of width {plan.Hidden} need {plan.Rows} weights and " +
                $"{plan.XyFloats} inputs and outputs; got {call.Weights.Length}, {x.Length} and {y.Length}");
        Device.MakeCurrent();
        var ints = _ids.Get(plan.Ints);
        ints.Upload(call.Ids[..plan.Rows]);
        var xy = _a.Upload(x[..(int)plan.XyFloats]);
        var routed = _c.Get(plan.RoutedFloats);
        routed.Upload(call.Weights[..plan.Rows]);
        LaunchExperts(Kernels, Stream, plan, ints, xy, _b.Get(plan.HiddenFloats), routed, wg, wu, wd);
        xy.Download(y[..(int)plan.XyFloats]);
        ExpertCalls++;
        return true;
    }

    /// <summary>
    /// The four launches of one grouped expert call over the scratch laid out as <paramref name="plan"/> says: ids and
    /// weights already in <paramref name="ints"/> and <paramref name="routed"/>, x in <paramref name="xy"/>, which
    /// then holds y. Weights (E, M, K) in their stored types at <paramref name="wg"/>, <paramref name="wu"/>, <paramref name="wd"/>.
    /// </summary>
    public static void LaunchExperts(CudaKernels kernels, CudaStream stream, ExpertPlan plan, DeviceBuffer<int> ints, DeviceBuffer<float> xy,
        DeviceBuffer<float> hidden, DeviceBuffer<float> routed, DevicePointer wg, DevicePointer wu, DevicePointer wd)
    {
        DevicePointer offsets = ints.At(plan.OffsetsAt), rowSrc = ints.At(plan.RowSrcAt), entryRow = ints.At(plan.EntryRowAt);
        MoePermuteLauncher.Run(kernels, stream, plan.Tokens, plan.Active, plan.Experts, ints.Pointer, offsets, rowSrc, entryRow);
        MoeGemmLauncher.Run(kernels, stream, plan.GateUp, xy.Pointer, wg, wu, offsets, rowSrc, hidden.Pointer);
        MoeGemmLauncher.Run(kernels, stream, plan.Down, hidden.Pointer, wd, DevicePointer.Null, offsets, DevicePointer.Null, routed.At(plan.OutputsAt));
        MoeUnpermuteLauncher.Run(kernels, stream, plan.Tokens, plan.Active, plan.Hidden, routed.At(plan.OutputsAt), entryRow, routed.Pointer,
            xy.Pointer, accumulate: false);
    }

    /// <summary>The device address of a layer's expert tensor, when its experts lie back to back and were uploaded together.</summary>
    bool TryWhole(WeightMatrix[] experts, out DevicePointer pointer)
    {
        pointer = DevicePointer.Null;
        return ExpertStack.TryWhole(experts, out var whole) && _weights.TryGet(whole, out pointer);
    }
}
