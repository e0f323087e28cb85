namespace LongDoc.Testing.Fuzzing;

/// <summary>
/// The short, deterministic run for the test suites: cases <c>0..count-1</c> of a seed, read in this process, each
/// with a time bound. Only for readers that cannot overflow the stack on these inputs any more (the benchmark's
/// `fuzz` command hunts in a child process); a read that overruns is reported as a hang and left running.
/// </summary>
public static class FuzzInProcess
{
    /// <summary>One line per finding: the case, its source and mutations, what happened.</summary>
    public static List<string> Findings(string format, IReadOnlyList<(string Name, byte[] Bytes)> sources, int seed, int count, TimeSpan timeout, string scratch)
    {
        var f = FuzzFormats.ByName[format];
        var findings = new List<string>();
        foreach (var c in FuzzCases.Make(f, sources, seed, 0, count))
        {
            var path = Path.Combine(scratch, $"case-{c.Index}{f.Extension}");
            File.WriteAllBytes(path, c.Bytes);
            var read = Task.Run(() => FuzzFormats.ReadInProcess(format, path));
            var outcome = read.Wait(timeout) ? read.Result : new FuzzOutcome(FuzzResult.Hang, $"no answer within {timeout.TotalSeconds:0} s");
            if (outcome.IsFinding) findings.Add($"seed {seed} case {c.Index} ({c.Source}, {c.Mutations}): {outcome.Result}: {outcome.Detail}");
            else File.Delete(path);
        }
        return findings;
    }
}
