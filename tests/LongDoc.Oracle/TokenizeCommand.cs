using System.Diagnostics;
using System.Text;
using System.Text.Json;
using LLama;
using LLama.Common;
using LLama.Native;

/// <summary>
/// `tokenize MODEL.gguf TEXT.txt [--special|--no-special] [--add-bos] [--time]`: llama.cpp's tokenization of a
/// UTF-8 file, as JSON {"tokens":[...]} on stdout (with --time also "seconds": the encode call alone). The model
/// is loaded vocabulary-only, so a GGUF with just the tokenizer.ggml.* keys and the architecture's
/// hyper-parameters is enough.
/// </summary>
static class TokenizeCommand
{
    public static int Run(string[] args)
    {
        var positional = args.Where(a => !a.StartsWith("--")).ToArray();
        var unknown = args.Where(a => a.StartsWith("--") && a is not ("--special" or "--no-special" or "--add-bos" or "--time")).ToArray();
        if (positional.Length != 2 || unknown.Length > 0)
        {
            Console.Error.WriteLine("usage: tokenize MODEL.gguf TEXT.txt [--special|--no-special] [--add-bos] [--time]" +
                                    (unknown.Length > 0 ? $" (unknown: {string.Join(' ', unknown)})" : ""));
            return 2;
        }
        bool special = args.Contains("--special") && !args.Contains("--no-special");
        string text = File.ReadAllText(positional[1], Encoding.UTF8);
        NativeLibraryConfig.All.WithLogCallback((level, msg) => { });
        using var weights = LLamaWeights.LoadFromFile(new ModelParams(positional[0]) { VocabOnly = true });
        var clock = Stopwatch.StartNew();
        var tokens = weights.Tokenize(text, args.Contains("--add-bos"), special, Encoding.UTF8);
        double seconds = clock.Elapsed.TotalSeconds;
        var ids = tokens.Select(t => (int)t).ToArray();
        Console.Out.Write(args.Contains("--time")
            ? JsonSerializer.Serialize(new { tokens = ids, seconds })
            : JsonSerializer.Serialize(new { tokens = ids }));
        return 0;
    }
}
