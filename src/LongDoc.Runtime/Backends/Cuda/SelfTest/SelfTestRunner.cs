namespace LongDoc.Runtime.Backends.Cuda.SelfTest;

/// <summary>Runs kernel checks at each of their sizes with a seeded generator per (check, size); an exception in a
/// check is a failed row carrying the message, not a crash.</summary>
public static class SelfTestRunner
{
    public static IEnumerable<CheckResult> Run(CudaCheckContext context, IEnumerable<KernelCheck> checks, int seed)
    {
        foreach (var check in checks)
            foreach (int size in check.Sizes)
            {
                var rng = new Random(StableSeed(seed, check.Name, size));
                CheckResult result;
                try
                {
                    var output = check.Run(context, size, rng);
                    result = new CheckResult(check.Name, check.Precision, output.Shape, ParityMath.RelativeL2(output.Expected, output.Actual), check.Bound, null);
                }
                catch (Exception e)
                {
                    result = new CheckResult(check.Name, check.Precision, $"size {size}", double.NaN, check.Bound, $"{e.GetType().Name}: {e.Message.ReplaceLineEndings(" ")}");
                }
                finally
                {
                    context.Release();
                }
                yield return result;
            }
    }

    /// <summary>FNV-1a over the name, mixed with seed and size: the same inputs on every run and machine
    /// (string.GetHashCode is randomized per process).</summary>
    static int StableSeed(int seed, string name, int size)
    {
        uint h = 2166136261;
        foreach (char c in name) h = (h ^ c) * 16777619;
        h = (h ^ (uint)seed) * 16777619;
        h = (h ^ (uint)size) * 16777619;
        return (int)(h & 0x7fffffff);
    }
}
