using System.Text;
using System.Text.RegularExpressions;

namespace LongDoc.Testing.Fuzzing;

/// <summary>
/// Mutations of a file's bytes, by name: each takes the original and a seeded random source and returns a new array
/// (never the same one). Generic ones (bit flips, truncation, splices, duplicated or deleted ranges, random runs,
/// numbers swapped for extreme ones) and PDF-aware ones (references re-pointed, stream bytes scrambled).
/// </summary>
public static partial class ByteMutations
{
    public delegate byte[] Mutation(byte[] input, Random rng);

    /// <summary>Numbers that break parsers: zero, one, signs, the edges of 8/16/32/64-bit integers, a huge count.</summary>
    static readonly string[] ExtremeNumbers = ["0", "1", "-1", "255", "256", "65535", "65536", "2147483647", "2147483648", "-2147483648", "4294967295", "4294967296", "9223372036854775807", "99999999999999999999", "1e308", "0.0000001"];

    public static readonly Dictionary<string, Mutation> Generic = new()
    {
        ["flip"] = FlipBits,
        ["truncate"] = (b, r) => b[..r.Next(b.Length)],
        ["splice"] = Splice,
        ["duplicate"] = Duplicate,
        ["delete"] = (b, r) => { var (at, n) = Range(b, r); return [.. b[..at], .. b[(at + n)..]]; },
        ["random-run"] = RandomRun,
        ["number"] = ExtremeNumber,
    };

    /// <summary>For PDF: on top of the generic ones.</summary>
    public static readonly Dictionary<string, Mutation> Pdf = new(Generic)
    {
        ["reference"] = Repoint,
        ["stream-bytes"] = ScrambleStream,
    };

    static byte[] FlipBits(byte[] b, Random r)
    {
        var copy = (byte[])b.Clone();
        if (copy.Length == 0) return copy;
        for (int i = 1 + r.Next(8); i > 0; i--) copy[r.Next(copy.Length)] ^= (byte)(1 << r.Next(8));
        return copy;
    }

    // A range of up to 1/8 of the file (at least one byte), or an empty one at the end of an empty file.
    static (int At, int Count) Range(byte[] b, Random r)
    {
        if (b.Length == 0) return (0, 0);
        int n = 1 + r.Next(Math.Max(1, b.Length / 8));
        int at = r.Next(b.Length - n + 1);
        return (at, n);
    }

    static byte[] Splice(byte[] b, Random r)
    {
        var (from, n) = Range(b, r);
        var (to, m) = Range(b, r);
        return [.. b[..to], .. b.AsSpan(from, n), .. b[(to + m)..]];
    }

    static byte[] Duplicate(byte[] b, Random r)
    {
        var (at, n) = Range(b, r);
        return [.. b[..(at + n)], .. b.AsSpan(at, n), .. b[(at + n)..]];
    }

    static byte[] RandomRun(byte[] b, Random r)
    {
        var copy = (byte[])b.Clone();
        var (at, n) = Range(copy, r);
        r.NextBytes(copy.AsSpan(at, Math.Min(n, 64)));
        return copy;
    }

    [GeneratedRegex(@"-?\d+")]
    private static partial Regex NumberRegex();

    static byte[] ExtremeNumber(byte[] b, Random r) =>
        ReplaceOneMatch(b, r, NumberRegex(), _ => ExtremeNumbers[r.Next(ExtremeNumbers.Length)]);

    [GeneratedRegex(@"\d+ \d+ R\b")]
    private static partial Regex ReferenceRegex();
    [GeneratedRegex(@"(\d+) \d+ obj\b")]
    private static partial Regex ObjectRegex();

    // A reference pointed at another object of the file (or at one that is not there): loops, wrong types.
    static byte[] Repoint(byte[] b, Random r)
    {
        var text = Encoding.Latin1.GetString(b);
        var numbers = ObjectRegex().Matches(text).Select(m => m.Groups[1].Value).ToList();
        numbers.Add("99999");
        return ReplaceOneMatch(b, r, ReferenceRegex(), _ => $"{numbers[r.Next(numbers.Count)]} 0 R");
    }

    static byte[] ScrambleStream(byte[] b, Random r)
    {
        var text = Encoding.Latin1.GetString(b);
        var starts = AllIndexes(text, "stream\n").ToList();
        if (starts.Count == 0) return FlipBits(b, r);
        int from = starts[r.Next(starts.Count)] + "stream\n".Length;
        int end = text.IndexOf("endstream", from, StringComparison.Ordinal);
        if (end <= from) return FlipBits(b, r);
        var copy = (byte[])b.Clone();
        int at = from + r.Next(end - from);
        r.NextBytes(copy.AsSpan(at, Math.Min(1 + r.Next(32), end - at)));
        return copy;
    }

    static IEnumerable<int> AllIndexes(string text, string what)
    {
        for (int i = text.IndexOf(what, StringComparison.Ordinal); i >= 0; i = text.IndexOf(what, i + 1, StringComparison.Ordinal)) yield return i;
    }

    static byte[] ReplaceOneMatch(byte[] b, Random r, Regex regex, Func<Match, string> replacement)
    {
        var text = Encoding.Latin1.GetString(b);
        var matches = regex.Matches(text);
        if (matches.Count == 0) return FlipBits(b, r);
        var m = matches[r.Next(matches.Count)];
        return Encoding.Latin1.GetBytes(string.Concat(text.AsSpan(0, m.Index), replacement(m), text.AsSpan(m.Index + m.Length)));
    }
}
