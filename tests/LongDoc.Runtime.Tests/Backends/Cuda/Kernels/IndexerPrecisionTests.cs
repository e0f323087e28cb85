using System.Numerics.Tensors;
using LongDoc.Runtime.Layers;
using LongDoc.Runtime.Weights.Quantization;
using Xunit.Abstractions;

namespace LongDoc.Runtime.Tests.Backends.Cuda.Kernels;

/// <summary>
/// The accuracy cost of rounding the lightning indexer's q and k before the score products: as dsa_index.cu does (q to
/// f16, the keys f16 as cached), as a bf16 kernel would (both to bf16) and as DeepSeek's reference does (FP8 e4m3 in
/// blocks of 128 with a power-of-two scale, kernel.py act_quant): the
/// share of the f32 selection's top-k positions the rounded scores keep, at V3.2's widths (64 heads of 128) over 4096
/// positions with top_k 512, on two distributions, both Hadamard-rotated as the model rotates them. Random: q, k and
/// head weights i.i.d. normal. Structured: keys of slowly drifting topics with four outlier channels (10x) and noise,
/// each query aimed at a few earlier keys (their key plus noise) in a third of its heads. README "GPU (CUDA)" quotes
/// the numbers this writes.
/// </summary>
public sealed class IndexerPrecisionTests(ITestOutputHelper output)
{
    const int Heads = 64, Dim = 128, Positions = 4096, TopK = 512, Queries = 6;

    public static TheoryData<string> Distributions() => new() { "random", "structured" };

    [Theory]
    [MemberData(nameof(Distributions))]
    public void RoundedScores_Distribution_KeepMostOfTheF32TopK(string distribution)
    {
        var rng = new Random(11);
        var (q, k, w) = distribution == "random" ? Random(rng) : Structured(rng);
        double f16 = 0, bf16 = 0, fp8 = 0;
        for (int t = 0; t < Queries; t++)
        {
            var qt = q.AsSpan(t * Heads * Dim, Heads * Dim);
            var wt = w.AsSpan(t * Heads, Heads);
            var exact = Select(qt, k, wt);
            f16 += Kept(exact, Select(Round(qt, F16), Round(k, F16), wt));
            bf16 += Kept(exact, Select(Round(qt, Bf16), Round(k, Bf16), wt));
            fp8 += Kept(exact, Select(Fp8(qt), Fp8(k), wt));
        }
        f16 /= Queries;
        bf16 /= Queries;
        fp8 /= Queries;
        output.WriteLine($"{distribution}: share of the f32 top-{TopK} of {Positions} kept: f16 {f16:P2}, bf16 {bf16:P2}, fp8 e4m3 {fp8:P2}");
        Assert.True(f16 >= bf16 && bf16 > fp8, $"f16 {f16:P2} >= bf16 {bf16:P2} > e4m3 {fp8:P2} expected");
        Assert.True(f16 >= 0.995, $"f16 keeps {f16:P2}");
        Assert.True(fp8 >= 0.90, $"e4m3 keeps {fp8:P2}");
    }

    static (float[] Q, float[] K, float[] W) Random(Random rng)
    {
        var q = Normal(rng, Queries * Heads * Dim);
        var k = Normal(rng, Positions * Dim);
        Rotate(q);
        Rotate(k);
        return (q, k, Normal(rng, Queries * Heads));
    }

    static (float[] Q, float[] K, float[] W) Structured(Random rng)
    {
        var k = new float[Positions * Dim];
        var topic = Normal(rng, Dim);
        for (int s = 0; s < Positions; s++)
        {
            if (s % 64 == 0) topic = Normal(rng, Dim);
            var row = k.AsSpan(s * Dim, Dim);
            var noise = Normal(rng, Dim);
            for (int c = 0; c < Dim; c++) row[c] = topic[c] + 0.7f * noise[c] + (c % 32 == 5 ? 10f : 0f);
        }
        var q = Normal(rng, Queries * Heads * Dim);
        for (int t = 0; t < Queries; t++)
            for (int h = 0; h < Heads; h += 3)
            {
                int target = rng.Next(Positions);
                var qh = q.AsSpan((t * Heads + h) * Dim, Dim);
                for (int c = 0; c < Dim; c++) qh[c] = k[target * Dim + c] + 0.5f * qh[c];
            }
        Rotate(q);
        Rotate(k);
        return (q, k, Normal(rng, Queries * Heads));
    }

    static float[] Normal(Random rng, int n)
    {
        var x = new float[n];
        for (int i = 0; i < n; i++) x[i] = (float)(Math.Sqrt(-2 * Math.Log(1 - rng.NextDouble())) * Math.Cos(2 * Math.PI * rng.NextDouble()));
        return x;
    }

    static void Rotate(float[] x)
    {
        for (int i = 0; i < x.Length; i += Dim) Hadamard.Rotate(x.AsSpan(i, Dim));
    }

    static HashSet<int> Select(ReadOnlySpan<float> q, float[] k, ReadOnlySpan<float> w)
    {
        var scores = new float[Positions];
        for (int s = 0; s < Positions; s++)
        {
            var ks = k.AsSpan(s * Dim, Dim);
            float sum = 0f;
            for (int h = 0; h < Heads; h++) sum += w[h] * MathF.Max(TensorPrimitives.Dot(q.Slice(h * Dim, Dim), ks), 0f);
            scores[s] = sum;
        }
        var selected = new int[TopK];
        TopPositions.Select(scores, TopK, selected);
        return [.. selected];
    }

    static double Kept(HashSet<int> exact, HashSet<int> rounded) => exact.Count(rounded.Contains) / (double)exact.Count;

    static float F16(float x) => HalfConvert.HalfToSingle(HalfConvert.SingleToHalf(x));

    static float Bf16(float x) => HalfConvert.BFloat16ToSingle(HalfConvert.SingleToBFloat16(x));

    static float[] Round(ReadOnlySpan<float> x, Func<float, float> round)
    {
        var y = new float[x.Length];
        for (int i = 0; i < x.Length; i++) y[i] = round(x[i]);
        return y;
    }

    /// <summary>Blocks of 128 scaled by 2^ceil(log2(amax / 448)), rounded to e4m3 (3 mantissa bits, subnormal step 2^-9,
    /// nearest even), scaled back.</summary>
    static float[] Fp8(ReadOnlySpan<float> x)
    {
        var y = new float[x.Length];
        for (int b = 0; b < x.Length; b += 128)
        {
            var block = x.Slice(b, Math.Min(128, x.Length - b));
            float amax = Math.Max(MathF.Abs(TensorPrimitives.MaxMagnitude(block)), 1e-4f);
            float scale = MathF.Pow(2f, MathF.Ceiling(MathF.Log2(amax / 448f)));
            for (int i = 0; i < block.Length; i++) y[b + i] = E4M3(block[i] / scale) * scale;
        }
        return y;
    }

    static float E4M3(float v)
    {
        float a = MathF.Abs(v);
        if (a == 0f) return 0f;
        float quantum = a < 1f / 64 ? 1f / 512 : MathF.Pow(2f, MathF.Floor(MathF.Log2(a)) - 3);
        return MathF.CopySign(Math.Min(MathF.Round(a / quantum, MidpointRounding.ToEven) * quantum, 448f), v);
    }
}
