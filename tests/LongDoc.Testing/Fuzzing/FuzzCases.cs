namespace LongDoc.Testing.Fuzzing;

/// <summary>One mutated input: where it came from and which mutations made it, so that a finding can be reproduced.</summary>
public sealed record FuzzCase(string Format, int Index, string Source, string Mutations, byte[] Bytes)
{
    public string Name => $"{Format}-{Index}-{Path.GetFileNameWithoutExtension(Source)}-{Mutations.Replace('+', '_')}";
}

/// <summary>Deterministic cases: case i of a seed always gives the same bytes (its own random source, seeded from both).</summary>
public static class FuzzCases
{
    public static FuzzCase Make(FuzzFormats.Format format, IReadOnlyList<(string Name, byte[] Bytes)> sources, int seed, int index)
    {
        var rng = new Random(unchecked(seed * 1_000_003 + index));
        var (name, bytes) = sources[rng.Next(sources.Count)];
        var names = format.Mutations.Keys.ToArray();
        var applied = new List<string>();
        // Mostly one mutation; sometimes two or three stacked (a flip inside a truncated file, ...).
        int count = rng.Next(10) switch { < 6 => 1, < 9 => 2, _ => 3 };
        for (int i = 0; i < count; i++)
        {
            var m = names[rng.Next(names.Length)];
            bytes = format.Mutations[m](bytes, rng);
            applied.Add(m);
        }
        return new FuzzCase(format.Name, index, name, string.Join('+', applied), bytes);
    }

    public static IEnumerable<FuzzCase> Make(FuzzFormats.Format format, IReadOnlyList<(string Name, byte[] Bytes)> sources, int seed, int first, int count) =>
        Enumerable.Range(first, count).Select(i => Make(format, sources, seed, i));
}
