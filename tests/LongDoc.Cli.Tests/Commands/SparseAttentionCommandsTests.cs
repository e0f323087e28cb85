using System.Text.Json;

namespace LongDoc.Cli.Tests.Commands;

/// <summary>The sparse attention flags, --explain-attention and `eval needle`, end to end on the small random qwen3moe.</summary>
public class SparseAttentionCommandsTests(ModelCommandsTests.ModelFile model) : IClassFixture<ModelCommandsTests.ModelFile>
{
    static string Tokens(int n) => string.Join(',', Enumerable.Range(0, n).Select(i => 3 + i * 7 % 300));

    static readonly string[] SmallSparse = ["--sparse-block", "16", "--sparse-budget", "48", "--sparse-window", "16"];

    [Fact]
    public void Logits_ExplainAttention_PrintsBlocksReadAndMassPerLayer()
    {
        var r = CliRunner.Run(["logits", "-m", model.Path, "--tokens", Tokens(100), .. SmallSparse, "--dense-layers", "0", "--explain-attention"]);
        Assert.Equal(0, r.ExitCode);
        Assert.Contains("attention sparse (block 16, budget 48, window 16, score quest, dense layers 0)", r.Stderr);
        // 100 tokens = query blocks 0..6, 2 KV heads: dense reads (1+...+7)*2 = 56 blocks; sparse at most 3 per list.
        Assert.Matches(@"layer +0 +dense +blocks read 56/56 \(100\.0%\) +dense mass captured 1\.0000", r.Stderr);
        Assert.Matches(@"layer +1 +sparse +blocks read (\d+)/56 \(\d+\.\d%\) +dense mass captured 0\.\d{4}", r.Stderr);
        using var json = JsonDocument.Parse(r.Stdout);   // stdout stays the logits JSON
        Assert.Equal(model.Spec.Vocab, json.RootElement.GetProperty("n_vocab").GetInt32());
    }

    [Fact]
    public void Generate_ExplainAttention_ListsEveryLayerAfterTheText()
    {
        var r = CliRunner.Run("generate", "-m", model.Path, "-p", "hello world", "-n", "3", "--temp", "0", "--explain-attention", "--attention", "dense");
        Assert.Equal(0, r.ExitCode);
        Assert.Contains("longdoc: attention dense", r.Stderr);
        Assert.Matches(@"layer +0 +dense +blocks read (\d+)/\1", r.Stderr);
        Assert.Matches(@"layer +1 +dense", r.Stderr);
    }

    [Fact]
    public void Logits_DenseAndSparseBelowBudget_SameOutput()
    {
        // 40 tokens < the default budget: sparse runs dense, so the numbers are identical.
        var dense = CliRunner.Run("logits", "-m", model.Path, "--tokens", Tokens(40), "--attention", "dense");
        var sparse = CliRunner.Run("logits", "-m", model.Path, "--tokens", Tokens(40));
        Assert.Equal(0, dense.ExitCode);
        Assert.Equal(dense.Stdout, sparse.Stdout);
    }

    [Fact]
    public void Logits_NativeOnModelWithoutIndexer_DenseOutputPastTheBudget()
    {
        // 100 tokens past a 48-token budget: sparse reads fewer blocks; native (no trained sparsity here) reads all.
        var dense = CliRunner.Run(["logits", "-m", model.Path, "--tokens", Tokens(100), "--attention", "dense"]);
        var native = CliRunner.Run(["logits", "-m", model.Path, "--tokens", Tokens(100), "--attention", "native", .. SmallSparse, "--dense-layers", "0", "--explain-attention"]);
        var sparse = CliRunner.Run(["logits", "-m", model.Path, "--tokens", Tokens(100), .. SmallSparse, "--dense-layers", "0"]);
        Assert.Equal(0, native.ExitCode);
        Assert.Contains("longdoc: attention native", native.Stderr);
        Assert.Equal(dense.Stdout, native.Stdout);
        Assert.NotEqual(dense.Stdout, sparse.Stdout);
    }

    [Fact]
    public void Logits_UnknownAttentionMode_UsageErrorListingTheModes()
    {
        var r = CliRunner.Run("logits", "-m", model.Path, "--tokens", Tokens(4), "--attention", "<script>");
        Assert.Equal(1, r.ExitCode);                                                  // a usage error, as for every other flag
        Assert.Contains("<script>", r.Stderr);
        Assert.Contains("native", r.Stderr);
    }

    [Theory]
    [InlineData("--sparse-budget", "10", "--sparse-budget")]
    [InlineData("--sparse-block", "0", "--sparse-block")]
    [InlineData("--dense-layers", "0,x", "--dense-layers")]
    [InlineData("--dense-layers", "99", "--dense-layers: layer 99 does not exist")]
    public void Generate_BadSparseSetting_ExitsTwoNamingTheFlag(string flag, string value, string expected)
    {
        var r = CliRunner.Run("generate", "-m", model.Path, "-p", "hello", "-n", "2", flag, value);
        Assert.Equal(2, r.ExitCode);
        Assert.Contains(expected, r.Stderr);
    }

    [Fact]
    public void Bench_Json_ReportsAttentionAndPeakRss()
    {
        var r = CliRunner.Run(["bench", "-m", model.Path, "-p", "64", "-n", "4", "--reps", "1", "--format", "json", .. SmallSparse]);
        Assert.Equal(0, r.ExitCode);
        using var json = JsonDocument.Parse(r.Stdout);
        Assert.StartsWith("sparse (block 16", json.RootElement.GetProperty("attention").GetString());
        Assert.True(json.RootElement.GetProperty("peak_rss_bytes").GetInt64() > 1 << 20);
    }

    [Fact]
    public void EvalNeedle_RandomModel_RunsBothPathsAndSaysRecallIsMeaningless()
    {
        var r = CliRunner.Run(["eval", "needle", "-m", model.Path, "--context", "1k", "--depths", "10,90", "--haystack", CliRunner.Sample("vellmark-visitor-faq.md"),
            "--sparse-block", "16", "--sparse-budget", "256", "--sparse-window", "64"]);
        Assert.Equal(0, r.ExitCode);
        Assert.Matches(@"\| 10% \| (found|missed) .* \| (found|missed) .* \|", r.Stdout);
        Assert.Matches(@"\| 90% \|", r.Stdout);
        Assert.Matches(@"recall: dense \d/2, sparse \d/2", r.Stdout);
        Assert.Contains("recall is meaningless here", r.Stdout);
        Assert.Contains("vellmark-visitor-faq.md", r.Stderr);
    }

    [Fact]
    public void EvalNeedle_BadContext_ExitsTwo()
    {
        var r = CliRunner.Run("eval", "needle", "-m", model.Path, "--context", "lots");
        Assert.Equal(2, r.ExitCode);
        Assert.Contains("--context", r.Stderr);
    }
}
