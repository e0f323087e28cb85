using System.Text;

namespace LongDoc.Oracle;

/// <summary>
/// tokenize --model PATH --text FILE [--special|--no-special] [--add-bos] -> {"tokens": [...]}.
/// FILE is read as UTF-8 (strict: invalid bytes are an error, not silently replaced). Only the
/// vocabulary is loaded (vocab_only), so a model's weights can be absent or huge. --special (the default)
/// parses text like "&lt;|im_start|&gt;" as its special token; --no-special treats it as plain text.
/// </summary>
static class TokenizeCommand
{
    public static int Run(string[] argv)
    {
        var a = new OracleArgs(argv, new HashSet<string> { "--special", "--no-special", "--add-bos" });
        string model = a.Required("--model");
        string textPath = a.Required("--text");
        bool special = a.Flag("--special");
        bool noSpecial = a.Flag("--no-special");
        bool addBos = a.Flag("--add-bos");
        a.EnsureAllUsed();
        if (special && noSpecial) throw new OracleUsageException("--special and --no-special exclude each other");

        string text = File.ReadAllText(textPath, new UTF8Encoding(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true));
        using var vocab = LlamaSession.LoadVocab(model);
        var tokens = vocab.Tokenize(text, addBos, special: !noSpecial, Encoding.UTF8);
        JsonOut.Write(w => JsonOut.Ints(w, "tokens", tokens.Select(t => (int)t)));
        return 0;
    }
}
