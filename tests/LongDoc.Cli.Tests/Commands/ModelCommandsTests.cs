using System.Globalization;
using System.Text.Json;
using LongDoc.Runtime.Models;
using LongDoc.Runtime.Tokenizers;
using LongDoc.Testing.Oracle;
using LongDoc.Testing.RandomModels;

namespace LongDoc.Cli.Tests.Commands;

/// <summary>The model commands end to end, on one small random qwen3moe written once for the class.</summary>
public class ModelCommandsTests : IClassFixture<ModelCommandsTests.ModelFile>
{
    public sealed class ModelFile : IDisposable
    {
        public readonly RandomModelSpec Spec = new() { Seed = 7, Context = 128 };
        public readonly string Path;
        readonly DirectoryInfo _dir = Directory.CreateTempSubdirectory("longdoc-cli-model-");
        public ModelFile()
        {
            Path = System.IO.Path.Combine(_dir.FullName, "tiny-qwen3moe.gguf");
            RandomModelWriter.WriteGguf(Spec, Path);
        }
        public void Dispose() => _dir.Delete(recursive: true);
    }

    readonly ModelFile _model;
    public ModelCommandsTests(ModelFile model) => _model = model;

    [Fact]
    public void ModelInfo_Json_CountsEveryParameterAndTheActiveShare()
    {
        var r = CliRunner.Run("model", "info", _model.Path, "--format", "json");
        Assert.Equal(0, r.ExitCode);
        using var json = JsonDocument.Parse(r.Stdout);
        var root = json.RootElement;
        var tensors = RandomWeights.Generate(_model.Spec);
        long total = tensors.Sum(t => t.Shape.Aggregate(1L, (a, b) => a * b));
        Assert.Equal(total, root.GetProperty("totalParameters").GetInt64());
        var s = _model.Spec;
        long idleExperts = (long)s.Layers * (s.Experts - s.ExpertsUsed) * 3 * s.Embedding * s.ExpertFfn;
        Assert.Equal(total - idleExperts, root.GetProperty("activeParameters").GetInt64());
        Assert.Equal("qwen3moe", root.GetProperty("architecture").GetString());
        Assert.Equal((long)s.Layers * s.KvHeads * 2 * s.HeadDim * 2, root.GetProperty("kvBytesPerTokenF16").GetInt64());
        Assert.Equal(32, root.GetProperty("bitsPerWeight").GetDouble());   // an F32 model
        Assert.Equal(32, root.GetProperty("typeBitsPerWeight").GetProperty("F32").GetDouble());
    }

    [Fact]
    public void Logits_AllPositions_MatchLlamaCpp()
    {
        int[] tokens = [1, 17, 200, 33, 5, 301, 42, 42];
        var r = CliRunner.Run("logits", "-m", _model.Path, "--tokens", string.Join(',', tokens), "--all-positions");
        Assert.Equal(0, r.ExitCode);
        using var json = JsonDocument.Parse(r.Stdout);
        Assert.Equal(_model.Spec.Vocab, json.RootElement.GetProperty("n_vocab").GetInt32());
        var ours = json.RootElement.GetProperty("logits").EnumerateArray().Select(row => row.EnumerateArray().Select(v => v.GetSingle()).ToArray()).ToArray();
        var llama = LlamaOracle.Logits(_model.Path, tokens, allPositions: true);
        Assert.Equal(tokens.Length, ours.Length);
        for (int i = 0; i < tokens.Length; i++)
            Assert.True(RelativeL2(ours[i], llama[i]) < 1e-4, $"position {i}: relative L2 {RelativeL2(ours[i], llama[i]):E2}");
    }

    [Fact]
    public void Logits_TokenOutsideVocabulary_ExitsTwoNamingIt()
    {
        var r = CliRunner.Run("logits", "-m", _model.Path, "--tokens", "1,99999");
        Assert.Equal(2, r.ExitCode);
        Assert.Contains("token 99999 is outside the vocabulary", r.Stderr);
    }

    [Fact]
    public void Generate_Greedy_PrintsWhatLlamaCppGenerates()
    {
        const string prompt = "Skarn Island";
        var r = CliRunner.Run("generate", "-m", _model.Path, "-p", prompt, "--temp", "0", "-n", "12", "--kv", "f32");
        Assert.Equal(0, r.ExitCode);
        Assert.Matches(@"\d+ prompt tokens .* 12 generated .* finished: Length", r.Stderr);

        using var files = ModelFiles.Open(_model.Path);
        var tokenizer = ModelTokenizers.Tokenizer(files);
        var promptIds = tokenizer.Encode(prompt, addBos: tokenizer.AddBos);
        var expected = tokenizer.Decode(LlamaOracle.Generate(_model.Path, promptIds, 12));
        Assert.Equal(expected, r.Stdout.TrimEnd('\n'));
    }

    [Fact]
    public void Generate_PromptOverContext_ExitsTwoWithBothCounts()
    {
        var r = CliRunner.Run("generate", "-m", _model.Path, "-p", string.Concat(Enumerable.Repeat("word ", 200)), "--ctx", "64", "-n", "8");
        Assert.Equal(2, r.ExitCode);
        Assert.Matches(@"prompt \d+ tokens \+ requested 8 new tokens = \d+ > context 64 tokens", r.Stderr);
    }

    [Fact]
    public void Generate_ChatWithoutTemplate_NamesTheFlag()
    {
        var r = CliRunner.Run("generate", "-m", _model.Path, "-p", "hi", "--chat", "-n", "2");
        Assert.Equal(2, r.ExitCode);
        Assert.Contains("--chat-template", r.Stderr);
    }

    [Fact]
    public void Bench_Json_PrefillAndDecodeRepsAndTheDecodeFloor()
    {
        var r = CliRunner.Run("bench", "-m", _model.Path, "-p", "16", "-n", "4", "--reps", "2", "--format", "json");
        Assert.Equal(0, r.ExitCode);
        using var json = JsonDocument.Parse(r.Stdout);
        var root = json.RootElement;
        Assert.Equal(2, root.GetProperty("prefill_tok_s").GetArrayLength());
        Assert.True(root.GetProperty("decode_median").GetDouble() > 0);
        Assert.True(root.GetProperty("read_bandwidth_bytes_s").GetDouble() > 0);
        Assert.True(root.GetProperty("kv_bytes_per_token").GetInt64() > 0);   // 16 + 2 positions cached
        Assert.Equal(root.GetProperty("weight_bytes_per_token").GetInt64() + root.GetProperty("kv_bytes_per_token").GetInt64(),
            root.GetProperty("bytes_per_token").GetInt64());
        Assert.True(root.GetProperty("decode_percent_of_floor").GetDouble() > 0);
    }

    [Fact]
    public void ModelInfo_IQ2_XXSModel_ShowsItsBitsPerWeight()
    {
        // Matrices in IQ2_XXS (random valid blocks), 256 wide; norms and the router stay F32.
        var spec = new RandomModelSpec { Embedding = 256, Heads = 4, HeadDim = 64, ExpertFfn = 256, WeightType = Runtime.Weights.GgmlType.IQ2_XXS, Seed = 7 };
        var dir = Directory.CreateTempSubdirectory("longdoc-cli-iq-");
        try
        {
            string path = Path.Combine(dir.FullName, "iq2_xxs.gguf");
            RandomModelWriter.WriteGguf(spec, path);
            var r = CliRunner.Run("model", "info", path, "--format", "json");
            Assert.Equal(0, r.ExitCode);
            using var json = JsonDocument.Parse(r.Stdout);
            Assert.Equal(2.0625, json.RootElement.GetProperty("typeBitsPerWeight").GetProperty("IQ2_XXS").GetDouble());
            Assert.InRange(json.RootElement.GetProperty("bitsPerWeight").GetDouble(), 2.0625, 2.2);
        }
        finally { dir.Delete(recursive: true); }
    }

    [Fact]
    public void ModelInfo_CorruptFile_ExitsTwoNamingTheFile()
    {
        var path = Path.Combine(Path.GetTempPath(), $"corrupt-{Guid.NewGuid():N}.gguf");
        File.WriteAllBytes(path, "GGUF\x03\0\0\0"u8.ToArray());
        try
        {
            var r = CliRunner.Run("model", "info", path);
            Assert.Equal(2, r.ExitCode);
            Assert.StartsWith($"longdoc: {path}: ", r.Stderr);
        }
        finally { File.Delete(path); }
    }

    static double RelativeL2(float[] a, float[] b)
    {
        double num = 0, den = 0;
        for (int i = 0; i < a.Length; i++) { double d = a[i] - b[i]; num += d * d; den += (double)b[i] * b[i]; }
        return Math.Sqrt(num / Math.Max(den, 1e-30));
    }
}
