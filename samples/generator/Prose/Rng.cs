namespace LongDoc.Samples.Generator.Prose;

/// <summary>
/// SplitMix64. Our own generator rather than System.Random so that the sample documents stay
/// byte-identical across .NET versions (System.Random's seeded sequence is an implementation detail).
/// </summary>
public sealed class Rng(ulong seed)
{
    ulong _state = seed;

    public ulong Next()
    {
        ulong z = _state += 0x9E3779B97F4A7C15UL;
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return z ^ (z >> 31);
    }

    /// <summary>Uniform integer in [0, n).</summary>
    public int Below(int n) => (int)(Next() % (ulong)n);

    /// <summary>Uniform integer in [lo, hi].</summary>
    public int Between(int lo, int hi) => lo + Below(hi - lo + 1);
}
