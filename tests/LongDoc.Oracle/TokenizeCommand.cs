using System.Diagnostics;
using System.Text;

namespace LongDoc.Oracle;

/// <summary>
/// tokenize MODEL.gguf TEXT.txt [--special|--no-special] [--add-bos] [--time] -> {"tokens": [...]} (with --time
/// also "seconds": the encode call alone). The same command line as the `tokenizers` branch's version, so either
/// file serves both clients. TEXT is read as strict UTF-8 (invalid bytes are an error, not silently replaced).
/// Only the vocabulary is loaded (vocab_only). --special parses text like "&lt;|im_start|&gt;" as its special
/// token; without it (or with --no-special) such text is plain text.
/// </summary>
static class TokenizeCommand
{
    static readonly HashSet<string> Flags = ["--special", "--no-special", "--add-bos", "--time"];

    public static int Run(string[] argv)
    {
        var positional = argv.Where(a => !a.StartsWith("--")).ToArray();
        var unknown = argv.Where(a => a.StartsWith("--") && !Flags.Contains(a)).ToArray();
        if (positional.Length != 2 || unknown.Length > 0)
            throw new OracleUsageException("usage: tokenize MODEL.gguf TEXT.txt [--special|--no-special] [--add-bos] [--time]" +
                                           (unknown.Length > 0 ? $"; unknown: {string.Join(' ', unknown)}" : ""));
        bool special = argv.Contains("--special");
        if (special && argv.Contains("--no-special")) throw new OracleUsageException("--special and --no-special exclude each other");

        string text = File.ReadAllText(positional[1], new UTF8Encoding(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true));
        using var vocab = LlamaSession.LoadVocab(positional[0]);
        long start = Stopwatch.GetTimestamp();
        var tokens = vocab.Tokenize(text, argv.Contains("--add-bos"), special, Encoding.UTF8);
        double seconds = Stopwatch.GetElapsedTime(start).TotalSeconds;
        JsonOut.Write(w =>
        {
            JsonOut.Ints(w, "tokens", tokens.Select(t => (int)t));
            if (argv.Contains("--time")) w.WriteNumber("seconds", seconds);
        });
        return 0;
    }
}
