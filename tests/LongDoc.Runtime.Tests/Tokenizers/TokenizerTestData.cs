using System.IO.Compression;
using LongDoc.Runtime.Tokenizers;

namespace LongDoc.Runtime.Tests.Tokenizers;

/// <summary>
/// The real Qwen3 and DeepSeek-V3 vocabularies (TestData/tokenizers/*/tokenizer.json.gz) unpacked once per test
/// run into a temporary folder, and the 24 kB mixed-language test text.
/// </summary>
public static class TokenizerTestData
{
    public static readonly string Root = Path.Combine(AppContext.BaseDirectory, "TestData", "tokenizers");
    // shared by test runs (unpacking 19 MB each run is slow); named by the packed sizes so new data gets a new folder
    static readonly string Unpacked = Path.Combine(Path.GetTempPath(), "longdoc-tokenizers-" +
        string.Join("-", Directory.GetFiles(Root, "*.gz", SearchOption.AllDirectories).Order().Select(f => new FileInfo(f).Length)));
    static readonly Dictionary<string, Lazy<ITokenizer>> Ours = new()
    {
        ["qwen3"] = new(() => TokenizerFactory.FromTokenizerJson(TokenizerJsonPath("qwen3"), ConfigPath("qwen3"))),
        ["deepseek_v3"] = new(() => TokenizerFactory.FromTokenizerJson(TokenizerJsonPath("deepseek_v3"), ConfigPath("deepseek_v3"))),
    };
    static readonly Lock Gate = new();

    public static string MixedText => File.ReadAllText(Path.Combine(Root, "mixed.txt"));

    public static string ConfigPath(string model) => Path.Combine(Root, model, "tokenizer_config.json");

    public static string TokenizerJsonPath(string model)
    {
        lock (Gate)
        {
            string path = Path.Combine(Unpacked, model, "tokenizer.json");
            if (File.Exists(path)) return path;
            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            string tmp = $"{path}.{Environment.ProcessId}.tmp";
            using (var gz = new GZipStream(File.OpenRead(Path.Combine(Root, model, "tokenizer.json.gz")), CompressionMode.Decompress))
            using (var file = File.Create(tmp))
                gz.CopyTo(file);
            File.Move(tmp, path, overwrite: true);
            return path;
        }
    }

    /// <summary>Our tokenizer from the model's tokenizer.json, built once.</summary>
    public static ITokenizer FromJson(string model) => Ours[model].Value;

    public static string TempFile(string name)
    {
        Directory.CreateDirectory(Unpacked);
        return Path.Combine(Unpacked, name);
    }
}
