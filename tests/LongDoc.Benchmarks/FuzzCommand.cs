using System.Diagnostics;
using System.Globalization;
using LongDoc.Testing.Fuzzing;

namespace LongDoc.Benchmarks;

/// <summary>
/// `LongDoc.Benchmarks fuzz [--minutes 5] [--seed 1] [--format all|pdf|docx|pptx|xlsx|html|gguf] [--out DIR] [--timeout 10]`:
/// mutated real files (see LongDoc.Testing's Fuzzing) read in a child process (`fuzz-child`), formats in turn until
/// the time is up. Prints per format: files, clean errors, accepted, crashes, hangs; each crashing or hanging input
/// is written to --out with a line in its findings.txt (case, source, mutations, what happened).
/// </summary>
static class FuzzCommand
{
    public const string Usage = "usage: LongDoc.Benchmarks fuzz [--minutes 5] [--seed 1] [--format all|pdf|docx|pptx|xlsx|html|gguf] [--out fuzz-findings] [--timeout 10]";

    sealed record Options(double Minutes = 5, int Seed = 1, string Format = "all", string Out = "fuzz-findings", double Timeout = 10);

    static readonly Dictionary<string, Func<Options, string, Options>> Setters = new()
    {
        ["--minutes"] = (o, v) => o with { Minutes = double.Parse(v, CultureInfo.InvariantCulture) },
        ["--seed"] = (o, v) => o with { Seed = int.Parse(v, CultureInfo.InvariantCulture) },
        ["--format"] = (o, v) => o with { Format = v.ToLowerInvariant() },
        ["--out"] = (o, v) => o with { Out = v },
        ["--timeout"] = (o, v) => o with { Timeout = double.Parse(v, CultureInfo.InvariantCulture) },
    };

    sealed class Tally { public int Files, Clean, Accepted, Crashes, Hangs; }

    public static int Run(string[] args)
    {
        Options o;
        try { o = Parse(args); }
        catch (Exception e) when (e is ArgumentException or FormatException) { Console.Error.WriteLine(e.Message); Console.Error.WriteLine(Usage); return 2; }

        var scratch = Directory.CreateTempSubdirectory("longdoc-fuzz-").FullName;
        try
        {
            var root = FuzzSources.RepoRoot(AppContext.BaseDirectory);
            var formats = (o.Format == "all" ? FuzzFormats.ByName.Keys.ToArray() : [o.Format])
                .Select(f => (Format: FuzzFormats.ByName[f], Sources: FuzzSources.Load(f, root, scratch))).ToList();
            foreach (var (f, s) in formats) Console.WriteLine($"{f.Name}: {s.Count} source files");
            Directory.CreateDirectory(o.Out);
            var tallies = formats.ToDictionary(f => f.Format.Name, _ => new Tally());
            using var child = new FuzzChild(ChildStartInfo);
            var clock = Stopwatch.StartNew();
            for (int index = 0; clock.Elapsed.TotalMinutes < o.Minutes; index++)
                foreach (var (format, sources) in formats.Where(f => f.Sources.Count > 0))
                {
                    var c = FuzzCases.Make(format, sources, o.Seed, index);
                    var input = Path.Combine(scratch, "input" + format.Extension);
                    File.WriteAllBytes(input, c.Bytes);
                    var outcome = child.Read(format.Name, input, TimeSpan.FromSeconds(o.Timeout));
                    Count(tallies[format.Name], outcome);
                    if (outcome.IsFinding) Keep(o, c, format, outcome);
                }
            Console.WriteLine($"seed {o.Seed}, {clock.Elapsed.TotalMinutes:0.0} min");
            Console.WriteLine($"{"format",-6} {"files",7} {"clean",7} {"accepted",8} {"crashes",7} {"hangs",5}");
            foreach (var (name, t) in tallies) Console.WriteLine($"{name,-6} {t.Files,7} {t.Clean,7} {t.Accepted,8} {t.Crashes,7} {t.Hangs,5}");
            return tallies.Values.Any(t => t.Crashes + t.Hangs > 0) ? 1 : 0;
        }
        finally { Directory.Delete(scratch, recursive: true); }
    }

    static void Count(Tally t, FuzzOutcome outcome)
    {
        t.Files++;
        switch (outcome.Result)
        {
            case FuzzResult.Accepted: t.Accepted++; break;
            case FuzzResult.CleanError: t.Clean++; break;
            case FuzzResult.Crash: t.Crashes++; break;
            case FuzzResult.Hang: t.Hangs++; break;
        }
    }

    static void Keep(Options o, FuzzCase c, FuzzFormats.Format format, FuzzOutcome outcome)
    {
        File.WriteAllBytes(Path.Combine(o.Out, c.Name + format.Extension), c.Bytes);
        var line = $"{c.Name}\tseed {o.Seed} case {c.Index}\t{c.Source}\t{c.Mutations}\t{outcome.Result}\t{outcome.Detail}";
        File.AppendAllLines(Path.Combine(o.Out, "findings.txt"), [line]);
        Console.WriteLine($"finding: {line}");
    }

    // This program again, as `fuzz-child`: through the apphost when there is one, else `dotnet THIS.dll`.
    static ProcessStartInfo ChildStartInfo()
    {
        var self = Environment.ProcessPath!;
        var psi = new ProcessStartInfo(self);
        if (Path.GetFileNameWithoutExtension(self) == "dotnet") psi.ArgumentList.Add(typeof(FuzzCommand).Assembly.Location);
        psi.ArgumentList.Add("fuzz-child");
        psi.Environment["DOTNET_GCHeapHardLimit"] = "0x80000000";   // 2 GB: a memory bomb ends as a crash of the child, not of the machine
        return psi;
    }

    static Options Parse(string[] args)
    {
        var o = new Options();
        for (int i = 0; i < args.Length; i += 2)
        {
            if (!Setters.TryGetValue(args[i], out var set)) throw new ArgumentException($"unknown option '{args[i]}'");
            if (i + 1 >= args.Length) throw new ArgumentException($"{args[i]} needs a value");
            o = set(o, args[i + 1]);
        }
        if (o.Format != "all" && !FuzzFormats.ByName.ContainsKey(o.Format)) throw new ArgumentException($"--format must be all or one of {string.Join(", ", FuzzFormats.ByName.Keys)}; got '{o.Format}'");
        if (o.Minutes <= 0 || o.Timeout <= 0) throw new ArgumentException("--minutes and --timeout must be > 0");
        return o;
    }
}
