namespace LongDoc.Runtime.Backends.Cuda.SelfTest;

/// <summary>The comparison every check and the end-to-end logits use.</summary>
public static class ParityMath
{
    /// <summary>||actual - expected|| / ||expected|| in double; +inf when actual holds a NaN or infinity (so it can
    /// never pass) or the lengths differ. An all-zero reference compares the absolute norm instead.</summary>
    public static double RelativeL2(ReadOnlySpan<float> expected, ReadOnlySpan<float> actual)
    {
        if (expected.Length != actual.Length) return double.PositiveInfinity;
        double diff = 0, norm = 0;
        for (int i = 0; i < expected.Length; i++)
        {
            if (!float.IsFinite(actual[i])) return double.PositiveInfinity;
            double d = (double)actual[i] - expected[i];
            diff += d * d;
            norm += (double)expected[i] * expected[i];
        }
        return norm == 0 ? Math.Sqrt(diff) : Math.Sqrt(diff / norm);
    }
}
