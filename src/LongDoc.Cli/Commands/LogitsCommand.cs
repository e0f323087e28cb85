using System.CommandLine;
using System.Globalization;
using System.Text;
using LongDoc.Runtime.Models;

namespace LongDoc.Cli.Commands;

/// <summary>
/// `longdoc logits --model PATH --tokens 1,2,3 [--all-positions]`: raw logits as JSON
/// {"n_vocab": V, "logits": [[...], ...]} (one row per position, or only the last). Stable format: external checks
/// (llama.cpp comparisons) read it. Defaults to an f32 KV cache so the numbers are the model's, not the cache's.
/// </summary>
static class LogitsCommand
{
    public static Command Create()
    {
        var model = new ModelOptions(defaultKv: "f32");
        var tokens = new Option<string>("--tokens") { Description = "Comma-separated token ids", Required = true };
        var all = new Option<bool>("--all-positions") { Description = "One row per position instead of only the last" };
        var command = new Command("logits", "Print the model's logits for given token ids as JSON") { tokens, all };
        model.AddTo(command);
        model.AddExplainTo(command);
        command.SetAction(r => ModelErrors.Guard(() => Run(r.GetValue(model.Model)!, model.Runtime(r), r.GetValue(tokens)!, r.GetValue(all))));
        return command;
    }

    static int Run(string path, RuntimeOptions options, string tokenList, bool allPositions)
    {
        var ids = ParseTokens(tokenList);
        using var loaded = ModelLoader.Load(path, options with { ContextSize = Math.Max(options.ContextSize, ids.Length), MaxBatch = Math.Max(ids.Length, 1) });
        int vocab = loaded.Config.VocabSize;
        foreach (var id in ids)
            if (id < 0 || id >= vocab) throw new ArgumentException($"token {id} is outside the vocabulary (0..{vocab - 1}) of {path}");
        var logits = new float[(allPositions ? ids.Length : 1) * vocab];
        loaded.Model.Forward(ids, logits);
        AttentionExplain.Print(loaded);

        var sb = new StringBuilder(logits.Length * 12);
        sb.Append("{\"n_vocab\": ").Append(vocab).Append(", \"logits\": [");
        for (int row = 0; row < logits.Length / vocab; row++)
        {
            if (row > 0) sb.Append(", ");
            sb.Append('[');
            for (int v = 0; v < vocab; v++)
            {
                if (v > 0) sb.Append(", ");
                float x = logits[row * vocab + v];
                sb.Append(float.IsFinite(x) ? x.ToString("R", CultureInfo.InvariantCulture) : "null");
            }
            sb.Append(']');
        }
        sb.Append("]}");
        Console.Out.WriteLine(sb.ToString());
        return ExitCodes.Ok;
    }

    static int[] ParseTokens(string list)
    {
        var parts = list.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        if (parts.Length == 0) throw new ArgumentException("--tokens: no token ids given");
        return parts.Select(p => int.TryParse(p, NumberStyles.Integer, CultureInfo.InvariantCulture, out var id) ? id
            : throw new ArgumentException($"--tokens: '{p}' is not a token id")).ToArray();
    }
}
