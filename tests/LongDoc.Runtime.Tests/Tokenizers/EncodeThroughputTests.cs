using System.Diagnostics;
using System.Text;
using LongDoc.Runtime.Tokenizers;
using Xunit.Abstractions;
using RustTokenizer = Tokenizers.DotNet.Tokenizer;

namespace LongDoc.Runtime.Tests.Tokenizers;

/// <summary>
/// Encode throughput on one thread, ours against Hugging Face's Rust tokenizers (in process) and llama.cpp (in the
/// oracle child process, its encode call alone), printed as MB/s. Speed is reported, never asserted (machines
/// differ); the test asserts that the three agree on the token count of the 2 MB text.
/// Run: dotnet test -c Release --filter EncodeThroughput --logger "console;verbosity=detailed"
/// (Debug builds are several times slower). Not run in parallel with other tests, which would share the cores.
/// </summary>
[Collection(nameof(EncodeThroughputTests))]
[CollectionDefinition(nameof(EncodeThroughputTests), DisableParallelization = true)]
public class EncodeThroughputTests(ITestOutputHelper output)
{
    const int Copies = 80; // 80 x 24 kB ~ 2 MB

    [Theory]
    [InlineData("qwen3")]
    [InlineData("deepseek_v3")]
    public void EncodeThroughput_TwoMegabytes_ReportedAgainstRustAndLlamaCpp(string model)
    {
        string one = TokenizerTestData.MixedText.Replace('~', '-'); // llama.cpp differs on '~' for DeepSeek-V3
        string text = string.Concat(Enumerable.Repeat(one + "\n", Copies));
        double mb = Encoding.UTF8.GetByteCount(text) / 1e6;

        var ours = (BpeTokenizer)TokenizerTestData.FromJson(model);
        ours.Encode(one, parseSpecial: true); // JIT and compiled regexes warm
        // every word missed once: the 24 kB text on an empty word cache, best of 5
        double coldSeconds = double.MaxValue;
        var clock = new Stopwatch();
        for (int i = 0; i < 5; i++)
        {
            ours.ClearCache();
            clock.Restart();
            ours.Encode(one, parseSpecial: true);
            coldSeconds = Math.Min(coldSeconds, clock.Elapsed.TotalSeconds);
        }
        ours.ClearCache();
        clock.Restart();
        var ourIds = ours.Encode(text, parseSpecial: true);
        double ourSeconds = clock.Elapsed.TotalSeconds;

        var rust = new RustTokenizer(vocabPath: TokenizerTestData.TokenizerJsonPath(model));
        rust.Encode("warm up");
        clock.Restart();
        var rustIds = rust.Encode(text);
        double rustSeconds = clock.Elapsed.TotalSeconds;

        var gguf = GgufVocabularyWriter.Write(model == "qwen3" ? GgufVocabularyWriter.Qwen3 : GgufVocabularyWriter.DeepSeekV3);
        var llama = LlamaCppOracle.Tokenize(gguf, text, parseSpecial: true);

        output.WriteLine($"{model}: {mb:F2} MB, {ourIds.Length} tokens");
        output.WriteLine($"  ours      {mb / ourSeconds,7:F2} MB/s   (24 kB on an empty word cache: {Encoding.UTF8.GetByteCount(one) / 1e6 / coldSeconds:F2} MB/s)");
        output.WriteLine($"  Rust HF   {mb / rustSeconds,7:F2} MB/s   ours/Rust {rustSeconds / ourSeconds:F2}x");
        output.WriteLine($"  llama.cpp {mb / llama.Seconds,7:F2} MB/s   ours/llama.cpp {llama.Seconds / ourSeconds:F2}x");
        Assert.Equal(rustIds.Length, ourIds.Length);
        Assert.Equal(llama.Tokens.Length, ourIds.Length);
    }
}
