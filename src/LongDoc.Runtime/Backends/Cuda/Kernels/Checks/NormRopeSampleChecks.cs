using LongDoc.Runtime.Backends.Cuda.SelfTest;
using LongDoc.Runtime.Generation;
using LongDoc.Runtime.Models;

namespace LongDoc.Runtime.Backends.Cuda.Kernels.Checks;

/// <summary>
/// Self-test checks of rmsnorm.cu, rope.cu and sample.cu against the CPU: the backend's RmsNorm and Rope (plain, Llama
/// 3.1's frequency factors, deepseek2's YaRN rope part), and the Sampler with the same seed (its first draw is the
/// uniform the kernel gets).
/// </summary>
public static class NormRopeSampleChecks
{
    public static readonly IReadOnlyList<KernelCheck> All =
    [
        new("rmsnorm", "f32", 1e-6, [1, 33, 4096], (c, n, r) => CheckInputs.Concat(RmsNormRows(c, n, r, 2048), RmsNormRows(c, n, r, 128))),
        new("rope", "f32", 1e-5, [1, 40, 2000], (c, n, r) => CheckInputs.Concat(Rope(c, n, r, RopeStyle.Neox), Rope(c, n, r, RopeStyle.Norm),
            Rope(c, n, r, RopeStyle.Norm, scaled: true), Yarn(c, n, r))),
        new("sample", "exact", 0, [50, 32000, 151936], Sample),
    ];

    static CheckOutput RmsNormRows(CudaCheckContext c, int rows, Random rng, int width)
    {
        var x = CudaCheckContext.RandomFloats(rng, rows * width, 3f);
        var w = CudaCheckContext.RandomFloats(rng, width);
        var expected = new float[x.Length];
        c.Cpu.RmsNorm(x, w, expected, 1e-6f);
        var dx = c.Input<float>(x);
        RmsNormLauncher.Run(c.Kernels, c.Stream, rows, width, dx.Pointer, c.Input<float>(w).Pointer, dx.Pointer, 1e-6f);  // in place
        return new($"rows={rows} n={width}", expected, c.Read(dx));
    }

    /// <summary>T tokens x 8 heads x 128 at positions 1000.. (large angles: the f32 angle recurrence must match), with
    /// Llama 3.1's frequency factors (1 for the fast pairs up to 8 for the slow ones) when <paramref name="scaled"/>.</summary>
    static CheckOutput Rope(CudaCheckContext c, int tokens, Random rng, RopeStyle style, bool scaled = false)
    {
        const int Heads = 8, Dh = 128, Start = 1000;
        var factors = scaled ? Enumerable.Range(0, Dh / 2).Select(i => 1f + 7f * i / (Dh / 2 - 1)).ToArray() : null;
        var p = RopeParams.Plain(style, 1_000_000f, Dh, factors);
        var x = CudaCheckContext.RandomFloats(rng, tokens * Heads * Dh);
        var expected = (float[])x.Clone();
        c.Cpu.Rope(expected, tokens, Heads, Dh, 0, Start, p);
        var dx = c.Input<float>(x);
        RopeLauncher.Run(c.Kernels, c.Stream, tokens, Heads, Dh, 0, Start, p, dx.Pointer, factors is null ? DevicePointer.Null : c.Input<float>(factors).Pointer);
        return new($"T={tokens} H={Heads} Dh={Dh} {style}{(scaled ? " freq factors" : "")}", expected, c.Read(dx));
    }

    /// <summary>deepseek2 q: (T, 16 heads, 192) with the rope part the last 64, YaRN factor 40 from 4096.</summary>
    static CheckOutput Yarn(CudaCheckContext c, int tokens, Random rng)
    {
        const int Heads = 16, Nope = 128, Pe = 64, Dk = Nope + Pe, Start = 7;
        var yarn = new RopeYarn(40f, 4096, 1f);
        var p = RopeParams.OfYarn(10000f, Pe, yarn);
        var x = CudaCheckContext.RandomFloats(rng, tokens * Heads * Dk);
        var expected = (float[])x.Clone();
        c.Cpu.Rope(expected, tokens, Heads, Dk, Nope, Start, p);
        var dx = c.Input<float>(x);
        RopeLauncher.Run(c.Kernels, c.Stream, tokens, Heads, Dk, Nope, Start, p, dx.Pointer, DevicePointer.Null);
        return new($"T={tokens} H={Heads} slice {Nope}..{Dk} YaRN x{yarn.Factor}", expected, c.Read(dx));
    }

    /// <summary>Ten draws over V logits with their own seeds and a repetition penalty over a short history.</summary>
    static CheckOutput Sample(CudaCheckContext c, int vocabulary, Random rng)
    {
        const int Draws = 10;
        var expected = new float[Draws];
        var actual = new float[Draws];
        for (int i = 0; i < Draws; i++)
        {
            var logits = CudaCheckContext.RandomFloats(rng, vocabulary, 6f);
            var history = Enumerable.Range(0, 12).Select(_ => rng.Next(vocabulary)).ToArray();
            int seed = rng.Next();
            var o = new SamplingOptions { Temperature = i == 0 ? 0f : 0.8f, TopK = 40, TopP = 0.9f, MinP = 0.02f, RepetitionPenalty = 1.3f, Seed = seed };
            expected[i] = new Sampler(vocabulary, o).Sample(logits, history);
            double u = new Random(seed).NextDouble();
            var id = c.Poisoned<int>(1);
            SampleLauncher.Run(c.Kernels, c.Stream, vocabulary, c.Input<float>(logits).Pointer, c.Input<int>(history).Pointer, history.Length,
                o.RepetitionPenalty, o.TopK, o.TopP, o.MinP, o.Temperature, u, id.Pointer);
            actual[i] = c.Read(id)[0];
        }
        return new($"V={vocabulary} draws={Draws} top-k 40 top-p 0.9 min-p 0.02 penalty 1.3", expected, actual);
    }
}
