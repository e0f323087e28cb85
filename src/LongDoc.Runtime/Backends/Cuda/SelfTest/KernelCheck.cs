namespace LongDoc.Runtime.Backends.Cuda.SelfTest;

/// <summary>
/// One kernel compared with the CPU: <see cref="Run"/> gets fresh random inputs for one size, runs the CPU reference
/// and the kernel (its outputs poisoned with NaN first, <see cref="CudaCheckContext.Poisoned{T}"/>), and returns both.
/// <see cref="Bound"/> is the largest relative L2 error the precision allows (f32 math ~1e-6; f16/bf16 inputs
/// rounded differently ~1e-3; exact ops 0).
/// </summary>
public sealed record KernelCheck(string Name, string Precision, double Bound, int[] Sizes, Func<CudaCheckContext, int, Random, CheckOutput> Run);

/// <summary>What a check produced for one size: the shape in words, the CPU's and the device's values.</summary>
public sealed record CheckOutput(string Shape, float[] Expected, float[] Actual);

/// <summary>One row of the self-test table. A NaN or infinity in the device output always fails.</summary>
public sealed record CheckResult(string Name, string Precision, string Shape, double RelativeL2, double Bound, string? Error)
{
    public bool Passed => Error == null && double.IsFinite(RelativeL2) && RelativeL2 <= Bound;
}
