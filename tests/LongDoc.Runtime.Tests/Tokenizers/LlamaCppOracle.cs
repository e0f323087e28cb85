using LongDoc.Testing.Oracle;

namespace LongDoc.Runtime.Tests.Tokenizers;

/// <summary>llama.cpp's tokenization with the time of the encode call alone, through the shared child-process oracle.</summary>
static class LlamaCppOracle
{
    public sealed record Result(int[] Tokens, double Seconds);

    public static Result Tokenize(string ggufPath, string text, bool parseSpecial, bool addBos = false)
    {
        string textPath = TokenizerTestData.TempFile($"oracle-{Guid.NewGuid():N}.txt");
        File.WriteAllText(textPath, text);
        try
        {
            var args = new List<string> { "tokenize", ggufPath, textPath, parseSpecial ? "--special" : "--no-special", "--time" };
            if (addBos) args.Add("--add-bos");
            using var doc = OracleProcess.Run(args, TimeSpan.FromMinutes(2));
            return new(doc.RootElement.GetProperty("tokens").EnumerateArray().Select(e => e.GetInt32()).ToArray(),
                       doc.RootElement.GetProperty("seconds").GetDouble());
        }
        finally
        {
            File.Delete(textPath);
        }
    }
}
