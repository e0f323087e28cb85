using LongDoc.Runtime.Models;

namespace LongDoc.Runtime.Backends.Cuda.Kernels;

/// <summary>
/// The angles of one rotary embedding, as the CPU computes them (Backends/Cpu/RopeKernel.cs, Layers/YarnRope.cs):
/// thetaScale = base^(-2/dims) in f32; with YaRN the ramp band [Low, High] of pair indices and the magnitude.
/// </summary>
public sealed record RopeParams(bool Neox, float ThetaScale, bool Yarn = false, float FreqScale = 1f, float Low = 0f, float High = 0f, float Magnitude = 1f)
{
    public static RopeParams Plain(RopeStyle style, float freqBase, int dims) =>
        new(style == RopeStyle.Neox, MathF.Pow(freqBase, -2f / dims));

    /// <summary>NORM pairing with YaRN when <paramref name="yarn"/> has a factor above 1 (deepseek2's rope part).</summary>
    public static RopeParams Norm(float freqBase, int dims, RopeYarn? yarn)
    {
        float thetaScale = MathF.Pow(freqBase, -2f / dims);
        if (yarn is not { Factor: > 1f }) return new(false, thetaScale);
        float Corr(float beta) => dims * MathF.Log(yarn.OriginalContext / (beta * 2 * MathF.PI)) / (2 * MathF.Log(freqBase));
        float freqScale = 1f / yarn.Factor;
        float low = MathF.Max(0, MathF.Floor(Corr(yarn.BetaFast))), high = MathF.Min(dims - 1, MathF.Ceiling(Corr(yarn.BetaSlow)));
        float magnitude = 1f / (1f + 0.1f * MathF.Log(yarn.Factor)) * (1f + 0.1f * MathF.Log(1f / freqScale));
        return new(false, thetaScale, true, freqScale, low, high, magnitude);
    }
}

/// <summary>
/// Launch configuration of rope.cu: grid (T, heads), one thread per rotated pair (dims / 2 threads, rounded up to
/// a warp). Legend: T tokens, heads rotated slices per token, dims rotated width; slice h of token t starts at
/// x + (t*heads + h)*stride + offset.
/// </summary>
public static class RopeLauncher
{
    public const string File = "rope.cu";

    public static LaunchConfig Configure(int tokens, int heads, int dims)
    {
        if (tokens < 1 || heads < 1) throw new ArgumentException($"{File}: {tokens} tokens x {heads} heads");
        if (dims < 2 || dims % 2 != 0 || dims > 2048) throw new ArgumentException($"{File}: rotated width {dims} must be even, 2..2048");
        return new LaunchConfig(File, "rope", Dim3.Of(tokens, heads), Dim3.Of(KernelTypes.CeilDiv(dims / 2, 32) * 32), 0);
    }

    /// <summary>Rotates x in place for positions start..start+T-1.</summary>
    public static void Run(CudaKernels kernels, CudaStream stream, int tokens, int heads, int stride, int offset, int dims, int start,
        RopeParams p, DevicePointer x)
    {
        if (offset < 0 || offset + dims > stride) throw new ArgumentException($"{File}: slice {offset}..{offset + dims} outside a row of {stride}");
        var c = Configure(tokens, heads, dims);
        var a = Args(tokens, heads, stride, offset, dims, start, p, x);
        c.Launch(kernels, stream, ref a);
    }

    /// <summary>The kernel parameters of <see cref="Run"/>, in the declaration order of the entry point.</summary>
    internal static KernelArgs Args(int tokens, int heads, int stride, int offset, int dims, int start,
        RopeParams p, DevicePointer x)
    {
        var a = new KernelArgs();
        a.Add(x); a.Add(heads); a.Add(stride); a.Add(offset); a.Add(dims); a.Add(start); a.Add(p.Neox ? 1 : 0); a.Add(p.ThetaScale);
        a.Add(p.Yarn ? 1 : 0); a.Add(p.FreqScale); a.Add(p.Low); a.Add(p.High); a.Add(p.Magnitude);
        return a;
    }
}
