using LongDoc.Testing.Oracle;
using LongDoc.Testing.RandomModels;

namespace LongDoc.Runtime.Tests.Oracle;

/// <summary>Proves the llama.cpp oracle child process runs on a tiny hand-written llama GGUF and fails loudly on a bad one.</summary>
public sealed class LlamaOracleTests : IClassFixture<LlamaOracleTests.TinyModel>
{
    public sealed class TinyModel : IDisposable
    {
        public static readonly TinyLlamaGguf Spec = new();
        public string Path { get; } = System.IO.Path.Combine(System.IO.Path.GetTempPath(), $"longdoc-tiny-llama-{Guid.NewGuid():N}.gguf");
        public TinyModel() => Spec.Write(Path);
        public void Dispose() => File.Delete(Path);
    }

    static readonly int[] Prompt = [1, 300, 17, 42, 259, 311, 5];
    readonly TinyModel _model;

    public LlamaOracleTests(TinyModel model) => _model = model;

    [Fact]
    public void Logits_AllPositions_OneFiniteRowOfVocabSizePerToken()
    {
        var logits = LlamaOracle.Logits(_model.Path, Prompt, allPositions: true);

        Assert.Equal(Prompt.Length, logits.Length);
        Assert.All(logits, row => Assert.Equal(TinyModel.Spec.VocabSize, row.Length));
        Assert.All(logits, row => Assert.All(row, v => Assert.True(float.IsFinite(v))));
        Assert.True(logits[0].Max() - logits[0].Min() > 1e-3f, "random weights should give non-constant logits");
    }

    [Fact]
    public void Logits_TwoRunsSameInput_BitwiseIdentical_AndLastOnlyEqualsLastRow()
    {
        var first = LlamaOracle.Logits(_model.Path, Prompt, allPositions: true);
        var last = LlamaOracle.Logits(_model.Path, Prompt, allPositions: false);
        var again = LlamaOracle.Logits(_model.Path, Prompt, allPositions: true);

        for (int i = 0; i < first.Length; i++) Assert.Equal(first[i], again[i]);
        Assert.Single(last);
        Assert.Equal(first[^1], last[0]);
    }

    [Fact]
    public void Generate_Greedy_FollowsArgMaxOfLogits()
    {
        var generated = LlamaOracle.Generate(_model.Path, Prompt, n: 4);

        Assert.Equal(4, generated.Length);
        // The first greedy token is the argmax of the prompt's last logits; the second, of the extended prompt.
        var lastLogits = LlamaOracle.Logits(_model.Path, Prompt, allPositions: false)[0];
        Assert.Equal(ArgMax(lastLogits), generated[0]);
        var extended = LlamaOracle.Logits(_model.Path, [.. Prompt, generated[0]], allPositions: false)[0];
        Assert.Equal(ArgMax(extended), generated[1]);
    }

    [Fact]
    public void GenerateWithLogits_EachIdIsItsRowsArgMax_FirstRowIsThePromptsLastWithinRounding()
    {
        var (ids, rows) = LlamaOracle.GenerateWithLogits(_model.Path, Prompt, n: 4);

        Assert.Equal(LlamaOracle.Generate(_model.Path, Prompt, n: 4), ids);
        Assert.Equal(4, rows.Length);
        for (int i = 0; i < ids.Length; i++) Assert.Equal(ids[i], ArgMax(rows[i]));
        // generate asks llama.cpp for the last row only, whose one-row output matmul sums in another order (~1e-7)
        var last = LlamaOracle.Logits(_model.Path, Prompt, allPositions: true)[^1];
        Assert.InRange(Models.OracleConfigs.RelativeL2(last, rows[0]), 0, 1e-6);
    }

    [Fact]
    public void Tokenize_MinimalSpmVocab_BosThenPiecesThenByteFallback()
    {
        var (vocab, _, _) = SpmVocab.Build(TinyModel.Spec.VocabSize);
        int Id(string piece) => Array.IndexOf(vocab, piece);

        // "hi" gets SPM's space prefix: "▁h" "i" are filler pieces; "é" is not in the vocabulary, so its UTF-8 bytes.
        var tokens = LlamaOracle.Tokenize(_model.Path, "hi é", special: false, addBos: true);

        Assert.Equal([1, Id("\u2581h"), Id("i"), Id("\u2581"), 3 + 0xC3, 3 + 0xA9], tokens);
    }

    [Fact]
    public void Bench_TinyModel_ReportsPositiveRatesPerRep()
    {
        var result = LlamaOracle.Bench(_model.Path, promptTokens: 16, genTokens: 4, reps: 2, threads: 1);

        Assert.Equal(2, result.PrefillTokensPerSecond.Length);
        Assert.Equal(2, result.DecodeTokensPerSecond.Length);
        Assert.True(result.PrefillMedian > 0 && result.DecodeMedian > 0);
    }

    [Fact]
    public void Logits_WrongHeadCountKv_ThrowsOracleExceptionWithStderr()
    {
        string bad = Path.Combine(Path.GetTempPath(), $"longdoc-bad-kv-{Guid.NewGuid():N}.gguf");
        try
        {
            (TinyModel.Spec with { HeadCountKvInMetadata = 3 }).Write(bad);

            var e = Assert.Throws<OracleException>(() => LlamaOracle.Logits(bad, Prompt, allPositions: false));

            Assert.NotEqual(0, e.ExitCode);
            Assert.Contains(bad, e.Message);
            Assert.Contains("attn_k", e.Stderr); // llama.cpp's own reason: the K projection has the wrong shape
        }
        finally { File.Delete(bad); }
    }

    [Fact]
    public void Logits_TokenOutsideVocab_ThrowsNamingTheToken()
    {
        var e = Assert.Throws<OracleException>(() => LlamaOracle.Logits(_model.Path, [1, 99999], allPositions: false));

        Assert.Contains("99999", e.Message);
    }

    [Fact]
    public void Run_TimeoutExceeded_KillsTheChildAndThrows()
    {
        var e = Assert.Throws<OracleException>(() =>
            OracleProcess.Run(["logits", "--model", _model.Path, "--tokens", "1,2,3"], TimeSpan.FromMilliseconds(1)));

        Assert.Contains("timed out", e.Message);
    }

    static int ArgMax(float[] values)
    {
        int best = 0;
        for (int i = 1; i < values.Length; i++) if (values[i] > values[best]) best = i;
        return best;
    }
}
