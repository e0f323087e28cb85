namespace LongDoc.Runtime.Backends.Auto;

/// <summary>The outcome of a CUDA self-test on one <see cref="CudaFacts"/>: passed, or the first check that failed and how.</summary>
public sealed record SelfTestVerdict(CudaFacts Facts, bool Passed, string? Failure, DateTimeOffset At, bool Quick);
