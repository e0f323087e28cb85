using System.Globalization;

namespace LongDoc.Benchmarks;

/// <summary>Command line of the benchmark; every option has a llama-bench-like default.</summary>
sealed record BenchArgs
{
    public string? Model { get; init; }
    public string? Shape { get; init; }
    public string WeightType { get; init; } = "f16";
    /// <summary>With --shape: quantize the shape's F16 file with llama.cpp's own quantizer to this file type (Q4_K_M, ...).</summary>
    public string? LlamaQuantize { get; init; }
    /// <summary>With --shape: llama.cpp's mix of this I-quant file type (IQ2_XXS, IQ2_XS, IQ1_S, IQ1_M), written by our
    /// writer with random valid blocks (llama.cpp's quantizer refuses these types without an importance matrix).</summary>
    public string? IQMix { get; init; }
    /// <summary>With --shape: this many layers instead of the shape's (0 = the shape's); the speed ratio is per layer.</summary>
    public int Layers { get; init; }
    public int Prompt { get; init; } = 512;
    public int Generate { get; init; } = 128;
    public int Reps { get; init; } = 5;
    /// <summary>--threads 1,2: the bench runs once per count, all in one table; other modes run with the first.</summary>
    public int[] ThreadCounts { get; init; } = [2];
    public int Threads => ThreadCounts[0];
    public string Kv { get; init; } = "f16";
    public int Seed { get; init; } = 1234;
    public string CacheDir { get; init; } = Path.Combine(Path.GetTempPath(), "longdoc-bench");
    public string Only { get; init; } = "both";
    /// <summary>bench: prefill/decode speed against llama.cpp; doc-cache: first vs second question with the KV cache from disk.</summary>
    public string Mode { get; init; } = "bench";
    /// <summary>Long-context mode (LongContextBench): prompt tokens; 0 = the ordinary benchmark.</summary>
    public int Long { get; init; }
    public int SparseBudget { get; init; } = 4096;
    public string DenseLayers { get; init; } = "0,1";

    public const string Usage =
        "usage: LongDoc.Benchmarks (--model PATH | --shape NAME [--type f16|f32|q8_0|q4_0|q4_k|q5_k|q6_k|q4_k_m | --llama-quantize Q4_K_M|IQ4_XS|... | --iq-mix IQ2_XXS|IQ2_XS|IQ1_S|IQ1_M] [--layers N] [--cache-dir DIR])\n" +
        "       [-p 512] [-n 128] [--reps 5] [--threads 2 | --threads 1,2] [--kv f16|f32] [--seed 1234] [--only both|llama|ours]\n" +
        "       [--mode bench|doc-cache]   doc-cache: -p is the document's tokens; time to first token cold vs from the disk cache\n" +
        "       [--long 32768 [--sparse-budget 4096] [--dense-layers 0,1]]: prefill/decode at a long context, ours dense and sparse and llama.cpp with flash attention";

    // option name -> how it sets the record; a table, so adding an option is one line
    static readonly Dictionary<string, Func<BenchArgs, string, BenchArgs>> Setters = new()
    {
        ["--model"] = (a, v) => a with { Model = v },
        ["--shape"] = (a, v) => a with { Shape = v },
        ["--type"] = (a, v) => a with { WeightType = v.ToLowerInvariant() },
        ["--llama-quantize"] = (a, v) => a with { LlamaQuantize = v.ToUpperInvariant() },
        ["--iq-mix"] = (a, v) => a with { IQMix = v.ToUpperInvariant() },
        ["--layers"] = (a, v) => a with { Layers = Int(v) },
        ["-p"] = (a, v) => a with { Prompt = Int(v) },
        ["-n"] = (a, v) => a with { Generate = Int(v) },
        ["--reps"] = (a, v) => a with { Reps = Int(v) },
        ["--threads"] = (a, v) => a with { ThreadCounts = v.Split(',').Select(Int).ToArray() },
        ["--kv"] = (a, v) => a with { Kv = v.ToLowerInvariant() },
        ["--seed"] = (a, v) => a with { Seed = Int(v) },
        ["--cache-dir"] = (a, v) => a with { CacheDir = v },
        ["--only"] = (a, v) => a with { Only = v.ToLowerInvariant() },
        ["--mode"] = (a, v) => a with { Mode = v.ToLowerInvariant() },
        ["--long"] = (a, v) => a with { Long = Int(v) },
        ["--sparse-budget"] = (a, v) => a with { SparseBudget = Int(v) },
        ["--dense-layers"] = (a, v) => a with { DenseLayers = v },
    };

    public static BenchArgs Parse(string[] args)
    {
        var result = new BenchArgs();
        for (int i = 0; i < args.Length; i += 2)
        {
            if (!Setters.TryGetValue(args[i], out var set)) throw new ArgumentException($"unknown option '{args[i]}'");
            if (i + 1 >= args.Length) throw new ArgumentException($"{args[i]} needs a value");
            result = set(result, args[i + 1]);
        }
        if ((result.Model is null) == (result.Shape is null)) throw new ArgumentException("give exactly one of --model and --shape");
        if (result.LlamaQuantize is not null && result.Shape is null) throw new ArgumentException("--llama-quantize needs --shape");
        if (result.IQMix is not null && (result.Shape is null || result.LlamaQuantize is not null))
            throw new ArgumentException("--iq-mix needs --shape and no --llama-quantize");
        if (result.Prompt < 1 || result.Generate < 1 || result.Reps < 1 || result.ThreadCounts.Any(t => t < 1))
            throw new ArgumentException("-p, -n, --reps and --threads must be >= 1");
        if (result.Only is not ("both" or "llama" or "ours")) throw new ArgumentException($"--only must be both, llama or ours; got '{result.Only}'");
        if (result.Mode is not ("bench" or "doc-cache")) throw new ArgumentException($"--mode must be bench or doc-cache; got '{result.Mode}'");
        if (result.Long < 0) throw new ArgumentException($"--long must be >= 0; got {result.Long}");
        if (result.Kv is not ("f16" or "f32")) throw new ArgumentException($"--kv must be f16 or f32; got '{result.Kv}'");
        return result;
    }

    static int Int(string v) => int.Parse(v, CultureInfo.InvariantCulture);
}
