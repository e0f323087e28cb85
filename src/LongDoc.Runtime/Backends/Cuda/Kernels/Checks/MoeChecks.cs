using LongDoc.Runtime.Backends.Cuda.Kernels.Reference;
using LongDoc.Runtime.Backends.Cuda.SelfTest;
using LongDoc.Runtime.Layers;
using LongDoc.Runtime.Models;
using LongDoc.Runtime.Weights;

namespace LongDoc.Runtime.Backends.Cuda.Kernels.Checks;

/// <summary>
/// Self-test checks of the MoE kernels against <see cref="MoeReference"/>, routing against the CPU backend's Route.
/// Size = tokens T. Routing compares ids and
/// weights together (a wrong expert is a large error); the permutation is exact; the grouped GEMM rounds activations
/// to bf16 for the tensor cores (bound 1e-2) over weights the reference decodes from the same bytes, for every weight
/// type of <see cref="KernelTypes"/> (the types this runtime does not encode from random valid blocks).
/// </summary>
public static class MoeChecks
{
    public static readonly IReadOnlyList<KernelCheck> All =
    [
        new("moe_route", "f32", 1e-5, [1, 37, 2048], (c, n, r) => CheckInputs.Concat(
            Route(c, n, r, 128, new RouterOptions(8), false),                                               // qwen3moe
            Route(c, n, r, 256, new RouterOptions(8, ExpertGating.Sigmoid, true, 2.5f, 8, 4), true))),       // deepseek-v3
        new("moe_permute", "exact", 0, [1, 37, 4096], Permute),
        // both forms for every weight type the kernels decode; swiglu f16 is the whole grouped call below
        .. KernelTypes.WeightTypes.SelectMany(t => new[] { true, false }.Where(swiglu => !(swiglu && t == GgmlType.F16)).Select(swiglu =>
            new KernelCheck($"moe_gemm_{(swiglu ? "swiglu_" : "")}{KernelTypes.WeightSuffix(t)}", KernelTypes.WeightSuffix(t), 1e-2, [1, 37, 300],
                (c, n, r) => Gemm(c, n, r, t, swiglu)))),
        new("moe_unpermute", "f32", 1e-6, [1, 37, 1000], Unpermute),
        // the whole grouped call CudaBackend.TryExperts makes (named by its gate/up entry point): f16 gate/up, Q8_0 down
        new("moe_gemm_swiglu_f16", "f16+q8_0", 1e-2, [1, 37, 300], Experts),
    ];

    static CheckOutput Route(CudaCheckContext c, int tokens, Random rng, int experts, RouterOptions o, bool withBias)
    {
        var logits = CudaCheckContext.RandomFloats(rng, tokens * experts, 4f);
        var bias = withBias ? CudaCheckContext.RandomFloats(rng, experts, 0.1f) : [];
        var ids = new int[tokens * o.Active];
        var weights = new float[ids.Length];
        c.Cpu.Route((float[])logits.Clone(), tokens, experts, o, bias, ids, weights);
        var dids = c.Poisoned<int>(ids.Length);
        var dw = c.Poisoned<float>(weights.Length);
        MoeRouteLauncher.Run(c.Kernels, c.Stream, tokens, experts, o, c.Input<float>(logits).Pointer,
            withBias ? c.Input<float>(bias).Pointer : DevicePointer.Null, dids.Pointer, dw.Pointer);
        return new($"T={tokens} E={experts} A={o.Active} groups={o.Groups}/{o.GroupsUsed}",
            [.. CheckInputs.Ints(ids), .. weights], [.. CheckInputs.Ints(c.Read(dids)), .. c.Read(dw)]);
    }

    static CheckOutput Permute(CudaCheckContext c, int tokens, Random rng)
    {
        const int Experts = 64, Active = 6;
        var ids = Enumerable.Range(0, tokens * Active).Select(_ => rng.Next(Experts / 2) * 2).ToArray();   // odd experts stay empty
        var offsets = new int[Experts + 1];
        var rowSrc = new int[ids.Length];
        var entryRow = new int[ids.Length];
        MoeReference.Permute(ids, offsets, rowSrc, entryRow, Experts);
        var d = (o: c.Poisoned<int>(offsets.Length), s: c.Poisoned<int>(ids.Length), e: c.Poisoned<int>(ids.Length));
        MoePermuteLauncher.Run(c.Kernels, c.Stream, tokens, Active, Experts, c.Input<int>(ids).Pointer, d.o.Pointer, d.s.Pointer, d.e.Pointer);
        return new($"T={tokens} A={Active} E={Experts}", CheckInputs.Ints([.. offsets, .. rowSrc, .. entryRow]),
            CheckInputs.Ints([.. c.Read(d.o), .. c.Read(d.s), .. c.Read(d.e)]));
    }

    /// <summary>T tokens routed to A of E experts at random; gate/up (K=D=256, M=F=96) or down (K=F=256, M=D=96).</summary>
    static CheckOutput Gemm(CudaCheckContext c, int tokens, Random rng, GgmlType type, bool swiglu)
    {
        const int Experts = 8, Active = 2, K = 256, M = 96;
        int rows = tokens * Active;
        var ids = new int[rows];
        for (int t = 0; t < tokens; t++)
        {
            ids[t * Active] = rng.Next(Experts);
            ids[t * Active + 1] = (ids[t * Active] + 1 + rng.Next(Experts - 1)) % Experts;
        }
        var offsets = new int[Experts + 1];
        var rowSrc = new int[rows];
        MoeReference.Permute(ids, offsets, rowSrc, new int[rows], Experts);
        var x = CudaCheckContext.RandomFloats(rng, (swiglu ? tokens : rows) * K);
        var (gBytes, g) = CheckInputs.Weights(type, CudaCheckContext.RandomFloats(rng, Experts * M * K, 0.2f), Experts * M, K);
        var (uBytes, u) = CheckInputs.Weights(type, CudaCheckContext.RandomFloats(rng, Experts * M * K, 0.2f), Experts * M, K);
        var expected = new float[rows * M];
        MoeReference.GroupedGemm(x, g, swiglu ? u : [], offsets, swiglu ? rowSrc : [], expected, Experts, Active, K, M);

        var y = c.Poisoned<float>(expected.Length);
        var shape = new MoeGemmShape(rows, Experts, Active, K, M, type, swiglu);
        MoeGemmLauncher.Run(c.Kernels, c.Stream, shape, c.Input<float>(x).Pointer, c.Input<byte>(gBytes).Pointer, c.Input<byte>(uBytes).Pointer,
            c.Input<int>(offsets).Pointer, swiglu ? c.Input<int>(rowSrc).Pointer : DevicePointer.Null, y.Pointer);
        return new($"N={rows} E={Experts} K={K} M={M} {type}", expected, c.Read(y));
    }

    /// <summary>
    /// <see cref="CudaBackend.LaunchExperts"/> (permute, gate/up with SwiGLU, down, weighted gather) against the references
    /// chained the same way; T tokens routed to A of E experts at random, D=256, F=96. The scratch past ids and weights
    /// starts poisoned, so an array the plan places wrongly cannot pass.
    /// </summary>
    static CheckOutput Experts(CudaCheckContext c, int tokens, Random rng)
    {
        const int Experts = 8, Active = 2, D = 256, F = 96;
        var plan = new ExpertPlan(tokens, Active, Experts, D, F, GgmlType.F16, GgmlType.Q8_0);
        int rows = plan.Rows;
        var ids = new int[rows];
        for (int t = 0; t < tokens; t++)
        {
            ids[t * Active] = rng.Next(Experts);
            ids[t * Active + 1] = (ids[t * Active] + 1 + rng.Next(Experts - 1)) % Experts;
        }
        var weights = CudaCheckContext.RandomFloats(rng, rows);
        var x = CudaCheckContext.RandomFloats(rng, tokens * D);
        var (gBytes, g) = CheckInputs.Weights(GgmlType.F16, CudaCheckContext.RandomFloats(rng, Experts * F * D, 0.2f), Experts * F, D);
        var (uBytes, u) = CheckInputs.Weights(GgmlType.F16, CudaCheckContext.RandomFloats(rng, Experts * F * D, 0.2f), Experts * F, D);
        var (dBytes, w) = CheckInputs.Weights(GgmlType.Q8_0, CudaCheckContext.RandomFloats(rng, Experts * D * F, 0.2f), Experts * D, F);

        var expected = new float[tokens * D];
        MoeReference.Experts(x, g, u, w, ids, weights, expected, tokens, Active, Experts, D, F);

        var ints = c.Input<int>([.. ids, .. Enumerable.Repeat(-1, (int)(plan.Ints - rows))]);
        var routed = c.Input<float>([.. weights, .. Enumerable.Repeat(float.NaN, (int)(plan.RoutedFloats - rows))]);
        var xy = c.Input<float>(x);
        CudaBackend.LaunchExperts(c.Kernels, c.Stream, plan, ints, xy, c.Poisoned<float>(plan.HiddenFloats), routed,
            c.Input<byte>(gBytes).Pointer, c.Input<byte>(uBytes).Pointer, c.Input<byte>(dBytes).Pointer);
        return new($"T={tokens} A={Active} E={Experts} D={D} F={F} f16/q8_0", expected, c.Read(xy));
    }

    static CheckOutput Unpermute(CudaCheckContext c, int tokens, Random rng)
    {
        const int Active = 4, Hidden = 300;
        int rows = tokens * Active;
        var entryRow = Enumerable.Range(0, rows).OrderBy(_ => rng.Next()).ToArray();
        var y = CudaCheckContext.RandomFloats(rng, rows * Hidden);
        var weights = CudaCheckContext.RandomFloats(rng, rows);
        var start = CudaCheckContext.RandomFloats(rng, tokens * Hidden);
        var expected = (float[])start.Clone();
        MoeReference.Unpermute(y, entryRow, weights, expected, tokens, Active, Hidden, accumulate: true);
        var output = c.Input<float>(start);
        MoeUnpermuteLauncher.Run(c.Kernels, c.Stream, tokens, Active, Hidden, c.Input<float>(y).Pointer, c.Input<int>(entryRow).Pointer,
            c.Input<float>(weights).Pointer, output.Pointer, accumulate: true);
        return new($"T={tokens} A={Active} D={Hidden} accumulate", expected, c.Read(output));
    }
}
