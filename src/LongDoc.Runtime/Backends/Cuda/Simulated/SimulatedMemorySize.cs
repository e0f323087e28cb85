using System.Globalization;

namespace LongDoc.Runtime.Backends.Cuda.Simulated;

/// <summary>
/// The simulated device's memory size: 80 GiB (an H100's) unless <see cref="RuntimeOptions"/> or the environment
/// variable <see cref="Variable"/> says otherwise, so that placement (<c>--gpu-layers</c>, <c>--experts</c>) and prefill
/// fitting can be exercised on any machine with a small device. Sizes are bytes or a number with K, M or G (binary).
/// </summary>
public static class SimulatedMemorySize
{
    public const long DefaultBytes = 80L << 30;
    public const string Variable = "LONGDOC_CUDA_SIM_MEMORY";

    static readonly Dictionary<char, int> Shifts = new() { ['K'] = 10, ['M'] = 20, ['G'] = 30 };

    /// <summary><paramref name="configured"/> when given, else the environment's, else <see cref="DefaultBytes"/>.</summary>
    public static long Resolve(long? configured) =>
        configured ?? (Environment.GetEnvironmentVariable(Variable) is { Length: > 0 } text ? Parse(text, Variable) : DefaultBytes);

    /// <summary>"1048576", "64M", "2G"; an <see cref="ArgumentException"/> naming <paramref name="source"/> otherwise.</summary>
    public static long Parse(string text, string source)
    {
        string t = text.Trim().ToUpperInvariant();
        int shift = t.Length > 0 && Shifts.TryGetValue(t[^1], out int s) ? s : 0;
        string digits = shift > 0 ? t[..^1] : t;
        if (!long.TryParse(digits, NumberStyles.None, CultureInfo.InvariantCulture, out long n) || n < 1 || n > long.MaxValue >> shift)
            throw new ArgumentException($"{source}: '{text}' is not a memory size (bytes, or a positive number with K, M or G)");
        return n << shift;
    }
}
