using LongDoc.Runtime.Backends;
using LongDoc.Runtime.Backends.Cpu;
using LongDoc.Runtime.Backends.Cuda.Kernels;
using LongDoc.Runtime.Backends.Cuda.Kernels.Reference;
using LongDoc.Runtime.Layers;
using LongDoc.Runtime.Models;
using LongDoc.Runtime.Weights;
using LongDoc.Runtime.Weights.Quantization;

namespace LongDoc.Runtime.Tests.Layers;

/// <summary>
/// The CPU backend plus an <see cref="IExpertBackend"/> that runs the grouped expert call as the CUDA path does, with
/// the kernels' scalar references (moe_permute -> moe_gemm SwiGLU -> moe_gemm down -> moe_unpermute) over the whole
/// expert tensors decoded to f32: the device path's plan and semantics, checked on the CPU. Declines when
/// <see cref="Accept"/> is false; counts the calls either way.
/// </summary>
sealed unsafe class GroupedReferenceBackend(bool accept) : IBackend, IExpertBackend
{
    readonly CpuBackend _cpu = new(1);

    public bool Accept => accept;
    public int Calls { get; private set; }
    /// <summary>(rows, cols) of every matrix prepared, in order.</summary>
    public List<(int Rows, int Cols)> Prepared { get; } = [];

    public bool TryExperts(in ExpertCall call, ReadOnlySpan<float> x, Span<float> y)
    {
        Calls++;
        if (!accept) return false;
        var plan = new ExpertPlan(call.Tokens, call.Active, call.Experts, call.Hidden, call.Ffn, call.Gate[0].Type, call.Down[0].Type);
        plan.CheckIds(call.Ids);
        y[..(int)plan.XyFloats].Fill(float.NaN);   // overwritten: a value the gather never writes shows in the logits
        MoeReference.Experts(x, Whole(call.Gate), Whole(call.Up), Whole(call.Down), call.Ids, call.Weights, y,
            plan.Tokens, plan.Active, plan.Experts, plan.Hidden, plan.Ffn);
        return true;
    }

    /// <summary>(E, M, K) f32 from the whole 3-D tensor, as the device reads it from one upload.</summary>
    static float[] Whole(WeightMatrix[] experts)
    {
        Assert.True(ExpertStack.TryWhole(experts, out var w), "expert matrices do not lie back to back");
        var f = new float[(long)w.Rows * w.Cols];
        for (int r = 0; r < w.Rows; r++) RowDecoder.ToSingle(w.Type, w.Row(r), f.AsSpan(r * w.Cols, w.Cols));
        return f;
    }

    public string Name => "grouped-reference";
    public int Threads => _cpu.Threads;

    public void Prepare(in WeightMatrix w)
    {
        Prepared.Add((w.Rows, w.Cols));
        _cpu.Prepare(w);
    }

    public void MatMul(in WeightMatrix w, ReadOnlySpan<float> x, Span<float> y, int tokens) => _cpu.MatMul(w, x, y, tokens);
    public void GetRows(in WeightMatrix w, ReadOnlySpan<int> ids, Span<float> y) => _cpu.GetRows(w, ids, y);
    public void MatMulPerToken(ReadOnlySpan<WeightMatrix> w, ReadOnlySpan<float> x, Span<float> y) => _cpu.MatMulPerToken(w, x, y);
    public void WeightedRowSum(in WeightMatrix rows, ReadOnlySpan<float> a, int groups, int width, Span<float> y) => _cpu.WeightedRowSum(rows, a, groups, width, y);
    public void RmsNorm(ReadOnlySpan<float> x, ReadOnlySpan<float> weight, Span<float> y, float eps) => _cpu.RmsNorm(x, weight, y, eps);
    public void Rope(Span<float> x, int tokens, int heads, int stride, int offset, int start, RopeParams rope) =>
        _cpu.Rope(x, tokens, heads, stride, offset, start, rope);
    public int Argmax(ReadOnlySpan<float> logits) => _cpu.Argmax(logits);
    public int Sample(Span<float> logits, ReadOnlySpan<int> recent, Runtime.Generation.SamplingOptions options, double u) =>
        _cpu.Sample(logits, recent, options, u);
    public float Route(Span<float> logits, int tokens, int experts, RouterOptions options, ReadOnlySpan<float> bias, Span<int> ids, Span<float> weights) =>
        _cpu.Route(logits, tokens, experts, options, bias, ids, weights);
    public void StoreKv(KvCache cache, int layer, int start, int tokens, ReadOnlySpan<float> k, ReadOnlySpan<float> v) =>
        _cpu.StoreKv(cache, layer, start, tokens, k, v);
    public void Attention(ReadOnlySpan<float> q, KvCache cache, int layer, int start, int tokens, int heads, Span<float> o) =>
        _cpu.Attention(q, cache, layer, start, tokens, heads, o);
    public void Softmax(Span<float> x, int rowLength) => _cpu.Softmax(x, rowLength);
    public void SiluMul(Span<float> gate, ReadOnlySpan<float> up) => _cpu.SiluMul(gate, up);
    public void Add(Span<float> x, ReadOnlySpan<float> y) => _cpu.Add(x, y);
    public void AddScaled(Span<float> y, ReadOnlySpan<float> x, float a) => _cpu.AddScaled(y, x, a);
    public void Dispose() => _cpu.Dispose();
}
