namespace LongDoc.Runtime.Backends.Cuda.Interop;

/// <summary>A CUDA library could not be loaded or no device answered; <see cref="LikelyCauses"/> are numbered in the message.</summary>
public sealed class CudaUnavailableException(string problem, IReadOnlyList<string> likelyCauses)
    : Exception(problem + Environment.NewLine + "Likely causes:" + Environment.NewLine +
                string.Join(Environment.NewLine, likelyCauses.Select((c, i) => $"  {i + 1}. {c}")))
{
    public string Problem { get; } = problem;
    public IReadOnlyList<string> LikelyCauses { get; } = likelyCauses;
}
