using LongDoc.Runtime.Backends.Cpu.Quant;
using LongDoc.Runtime.Weights;
using LongDoc.Runtime.Weights.Quantization;

namespace LongDoc.Runtime.Backends.Cpu;

/// <summary>
/// A MoE layer's routed experts in prefill (<see cref="IExpertBackend"/>) as two parallel jobs: gate and up of every
/// expert, then every down (<see cref="GroupedMatMulJob"/>), instead of three matmuls per expert, each of which woke
/// the pool for a few tokens' work. Each token's activations are quantized once per slot, not once per matrix. The
/// steps are those of the per-expert path in Layers/Experts.cs (tokens grouped by expert in slot order, the same
/// kernels per matrix, SiLU per expert, the weighted sum in expert order), so y is bit for bit the same. Taken for
/// 2+ tokens where every matrix pairs with Q8_K activations (k-quants, IQ types); otherwise declined.
/// </summary>
public sealed unsafe partial class CpuBackend : IExpertBackend
{
    readonly GroupedMatMulJob _grouped = new();
    int[] _expertStart = [];   // (E + 1) first slot of each expert
    int[] _slotToken = [];     // (T * A) each slot's token, grouped by expert
    float[] _slotWeight = [];  // (T * A) its router weight
    byte[] _slotX = [];        // (T * A, D / 256 Q8_K blocks)
    byte[] _slotH = [];        // (T * A, F / 256 Q8_K blocks)
    float[] _slotGate = [], _slotUp = [], _slotDown = [];

    public bool TryExperts(in ExpertCall call, ReadOnlySpan<float> x, Span<float> y)
    {
        int tokens = call.Tokens, active = call.Active, experts = call.Experts, d = call.Hidden, f = call.Ffn;
        if (tokens < 2 || d % Q8_KBlock.Elements != 0 || f % Q8_KBlock.Elements != 0) return false;
        for (int e = 0; e < experts; e++)
            if (!Q8_K(call.Gate[e], f, d) || !Q8_K(call.Up[e], f, d) || !Q8_K(call.Down[e], d, f)) return false;
        int slots = tokens * active;
        if (x.Length < (long)tokens * d || y.Length < (long)tokens * d) throw new ArgumentException($"experts: x and y must hold ({tokens},{d}) floats");
        Group(call.Ids, call.Weights, experts, active, slots);
        long xBytes = (long)d / Q8_KBlock.Elements * Q8_KBlock.Bytes, hBytes = (long)f / Q8_KBlock.Elements * Q8_KBlock.Bytes;
        Grow(ref _slotX, slots * xBytes); Grow(ref _slotH, slots * hBytes);
        Grow(ref _slotGate, (long)slots * f); Grow(ref _slotUp, (long)slots * f); Grow(ref _slotDown, (long)slots * d);
        fixed (float* px = x)
        fixed (byte* sx = _slotX) fixed (byte* sh = _slotH)
        fixed (float* g = _slotGate) fixed (float* u = _slotUp) fixed (float* o = _slotDown)
        {
            for (int s = 0; s < slots; s++) QuantizeQ8_K.Quantize(px + (long)_slotToken[s] * d, sx + s * xBytes, d);
            _grouped.Clear();
            for (int e = 0; e < experts; e++)
            {
                int s0 = _expertStart[e], n = _expertStart[e + 1] - s0;
                if (n == 0) continue;
                _grouped.Add(call.Gate[e], Quant(call.Gate[e]), sx + s0 * xBytes, g + (long)s0 * f, n);
                _grouped.Add(call.Up[e], Quant(call.Up[e]), sx + s0 * xBytes, u + (long)s0 * f, n);
            }
            _pool.Run(_grouped, _grouped.Chunks);
            _grouped.Clear();
            for (int e = 0; e < experts; e++)
            {
                int s0 = _expertStart[e], n = _expertStart[e + 1] - s0;
                if (n == 0) continue;
                SiluMul(new Span<float>(g + (long)s0 * f, n * f), new ReadOnlySpan<float>(u + (long)s0 * f, n * f));
                for (int s = s0; s < s0 + n; s++) QuantizeQ8_K.Quantize(g + (long)s * f, sh + s * hBytes, f);
                _grouped.Add(call.Down[e], Quant(call.Down[e]), sh + s0 * hBytes, o + (long)s0 * d, n);
            }
            _pool.Run(_grouped, _grouped.Chunks);
            y[..(tokens * d)].Clear();
            for (int s = 0; s < slots; s++)
                AddScaled(y.Slice(_slotToken[s] * d, d), new ReadOnlySpan<float>(o + (long)s * d, d), _slotWeight[s]);
        }
        return true;
    }

    static bool Q8_K(in WeightMatrix w, int rows, int cols) =>
        w.Rows == rows && w.Cols == cols && QuantDots.TryGet(w.Type, out var q) && q.Format == ActivationFormat.Q8_K;

    static QuantDot Quant(in WeightMatrix w) => QuantDots.TryGet(w.Type, out var q) ? q : throw new NotSupportedException($"no quantized kernel for {w.Type}");

    /// <summary>Slots (t, k) grouped by expert, in (t, k) order within each, as Layers/Experts.cs groups tokens.</summary>
    void Group(ReadOnlySpan<int> ids, ReadOnlySpan<float> weights, int experts, int active, int slots)
    {
        Grow(ref _expertStart, experts + 1);
        Grow(ref _slotToken, slots);
        Grow(ref _slotWeight, slots);
        Array.Clear(_expertStart, 0, experts + 1);
        for (int i = 0; i < slots; i++) _expertStart[ids[i] + 1]++;
        for (int e = 0; e < experts; e++) _expertStart[e + 1] += _expertStart[e];
        Span<int> next = experts <= 1024 ? stackalloc int[experts] : new int[experts];
        _expertStart.AsSpan(0, experts).CopyTo(next);
        for (int i = 0; i < slots; i++)
        {
            int s = next[ids[i]]++;
            _slotToken[s] = i / active;
            _slotWeight[s] = weights[i];
        }
    }

    static void Grow<T>(ref T[] a, long n)
    {
        if (a.Length < n) a = GC.AllocateUninitializedArray<T>(checked((int)n));
    }
}
