using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using LongDoc.Runtime.Models;
using LongDoc.Runtime.Sparse;
using LongDoc.Runtime.Tokenizers;

namespace LongDoc.Cli.Commands;

/// <summary>
/// `longdoc eval needle --model PATH [--context 32k] [--depths 10,50,90]`: needle in a haystack on the user's own
/// model, dense and block-sparse attention side by side (recall and timings), so users see what sparse attention
/// costs them in accuracy on their model. A model that cannot even continue a repeated token sequence (a copy check
/// every trained language model passes, random weights fail) gets the run, with a note that recall means nothing.
/// </summary>
static class EvalNeedleCommand
{
    const int AnswerTokens = 8;

    public static Command Create()
    {
        var model = new ModelOptions();
        var context = new Option<string>("--context") { Description = "Prompt length in tokens (e.g. 4096, 32k, 128k)", DefaultValueFactory = _ => "32k" };
        var depths = new Option<string>("--depths") { Description = "Needle depths in percent of the haystack, comma-separated", DefaultValueFactory = _ => "10,50,90" };
        var haystack = new Option<string[]>("--haystack") { Description = "Markdown or text files for the haystack (default: samples/*.md, *.txt)", AllowMultipleArgumentsPerToken = true };
        var seed = new Option<int>("--seed") { Description = "Seed of the needle's number", DefaultValueFactory = _ => 1 };
        var needle = new Command("needle", "Needle in a haystack: recall and speed of dense and sparse attention on your model") { context, depths, haystack, seed };
        model.AddTo(needle);
        needle.SetAction(r => ModelErrors.Guard(() =>
        {
            int length = ParseContext(r.GetValue(context)!);
            var depthList = ParseDepths(r.GetValue(depths)!);
            var files = r.GetValue(haystack) is { Length: > 0 } given ? given : NeedlePrompt.DefaultHaystackFiles();
            var sparse = model.AttentionOptions(r) with { Mode = AttentionMode.Sparse };
            var runtime = model.Runtime(r, minContext: length + AnswerTokens) with { Attention = sparse };
            return Run(r.GetValue(model.Model)!, runtime, length, depthList, files, r.GetValue(seed));
        }));
        return new Command("eval", "Accuracy checks on your own model") { needle };
    }

    static int Run(string path, RuntimeOptions runtime, int length, int[] depths, IReadOnlyList<string> haystackFiles, int seed)
    {
        var text = NeedlePrompt.LoadHaystack(haystackFiles);
        using var loaded = ModelLoader.Load(path, runtime);
        var tokenizer = ModelTokenizers.Tokenizer(loaded.Files);
        var task = new NeedlePrompt(tokenizer, text, seed);
        var model = loaded.Transformer;
        var sparse = runtime.Attention;
        var err = Console.Error;
        err.WriteLine($"longdoc: needle in a haystack on {path}: {length}-token prompts, haystack from {string.Join(", ", haystackFiles.Select(Path.GetFileName))} (repeated to length)");
        err.WriteLine($"longdoc: needle \"{tokenizer.Decode(task.Needle).Trim()}\", {AnswerTokens} greedy answer tokens; sparse = {sparse.Summary()}");
        if (sparse.Budget >= length) err.WriteLine($"longdoc: the sparse budget ({sparse.Budget}) covers the whole prompt, so sparse reads every block: lower --sparse-budget to see a difference");

        var (copied, copyTotal) = CopyCheck(model, tokenizer, text);
        string? name = loaded.Files.GgufMetadata?.TryGetValue("general.name", out var n) == true ? n as string : null;
        bool meaningless = copied * 2 < copyTotal;

        Console.WriteLine("| depth | dense | sparse | dense prefill s | sparse prefill s | dense decode tok/s | sparse decode tok/s |");
        Console.WriteLine("| ---: | --- | --- | ---: | ---: | ---: | ---: |");
        int foundDense = 0, foundSparse = 0;
        foreach (int depth in depths)
        {
            var prompt = task.Build(length, depth);
            model.UseAttention(SparseAttentionOptions.Dense);
            var d = Ask(model, tokenizer, prompt, task.Code);
            model.UseAttention(sparse);
            var s = Ask(model, tokenizer, prompt, task.Code);
            foundDense += d.Found ? 1 : 0; foundSparse += s.Found ? 1 : 0;
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"| {depth}% | {Show(d)} | {Show(s)} | {d.PrefillSeconds:F2} | {s.PrefillSeconds:F2} | {d.DecodeTokensPerSecond:F1} | {s.DecodeTokensPerSecond:F1} |"));
        }
        Console.WriteLine();
        Console.WriteLine($"recall: dense {foundDense}/{depths.Length}, sparse {foundSparse}/{depths.Length} (answer {task.Code})");
        Console.WriteLine($"copy check: {copied}/{copyTotal} tokens of a repeated sequence continued correctly");
        if (meaningless)
            Console.WriteLine("note: this model fails the copy check (trained language models continue a repeated sequence almost always; " +
                $"random weights do not{(name?.Contains("random", StringComparison.OrdinalIgnoreCase) == true ? $", and its general.name is \"{name}\"" : "")}): " +
                "recall is meaningless here; the run only shows that both attention paths work and how fast they are.");
        return ExitCodes.Ok;
    }

    sealed record Answer(bool Found, string Text, double PrefillSeconds, double DecodeTokensPerSecond);

    static string Show(Answer a) => $"{(a.Found ? "found" : "missed")} \"{a.Text.Trim().Replace("|", "/").Replace("\n", " ")}\"";

    static Answer Ask(TransformerModel model, ITokenizer tokenizer, int[] prompt, string code)
    {
        int v = model.Config.VocabSize;
        var logits = new float[v];
        model.Truncate(0);
        var clock = Stopwatch.StartNew();
        model.Forward(prompt, logits);
        double prefill = clock.Elapsed.TotalSeconds;
        var answer = new List<int>();
        clock.Restart();
        for (int i = 0; i < AnswerTokens; i++)
        {
            int next = ArgMax(logits);
            answer.Add(next);
            if (tokenizer.EndOfGeneration.Contains(next) || i + 1 == AnswerTokens) break;
            model.Forward([next], logits);
        }
        double decode = Math.Max(answer.Count - 1, 1) / clock.Elapsed.TotalSeconds;
        string text = tokenizer.Decode(answer.ToArray());
        return new Answer(text.Contains(code, StringComparison.Ordinal), text, prefill, decode);
    }

    /// <summary>
    /// 24 distinct haystack tokens, twice: how many of the second copy's tokens the model predicts (greedy, from the
    /// token before). Induction: every trained language model scores near 24/23, random weights near 0.
    /// </summary>
    static (int Correct, int Total) CopyCheck(TransformerModel model, ITokenizer tokenizer, string text)
    {
        var distinct = tokenizer.Encode(text).Where(id => !tokenizer.EndOfGeneration.Contains(id) && id != tokenizer.BosId).Distinct().Take(24).ToArray();
        int[] prompt = [.. (tokenizer.AddBos && tokenizer.BosId is { } bos ? new[] { bos } : []), .. distinct, .. distinct];
        int v = model.Config.VocabSize, second = prompt.Length - distinct.Length, correct = 0;
        var logits = new float[prompt.Length * v];
        model.UseAttention(SparseAttentionOptions.Dense);
        model.Truncate(0);
        model.Forward(prompt, logits);
        for (int i = second; i < prompt.Length - 1; i++)
            if (ArgMax(logits.AsSpan(i * v, v)) == prompt[i + 1]) correct++;
        return (correct, distinct.Length - 1);
    }

    static int ArgMax(ReadOnlySpan<float> x)
    {
        int best = 0;
        for (int i = 1; i < x.Length; i++) if (x[i] > x[best]) best = i;
        return best;
    }

    /// <summary>"32k" = 32768, "4096" = 4096.</summary>
    public static int ParseContext(string text)
    {
        string t = text.Trim().ToLowerInvariant();
        int scale = t.EndsWith('k') ? 1024 : 1;
        if (!int.TryParse(scale == 1 ? t : t[..^1], NumberStyles.None, CultureInfo.InvariantCulture, out int n) || n < 1 || (long)n * scale > 1 << 24)
            throw new ArgumentException($"--context \"{text}\": expected a token count such as 4096 or 32k");
        return n * scale;
    }

    static int[] ParseDepths(string text)
    {
        var parts = text.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
        if (parts.Length == 0) throw new ArgumentException("--depths: no depth given (expected e.g. 10,50,90)");
        return [.. parts.Select(p => int.TryParse(p, NumberStyles.None, CultureInfo.InvariantCulture, out int d) && d <= 100 ? d
            : throw new ArgumentException($"--depths: \"{p}\" is not a percentage 0..100"))];
    }
}
