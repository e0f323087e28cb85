using System.Text.Json.Nodes;
using LongDoc.Runtime.Models;
using LongDoc.Runtime.Tests.Weights;
using LongDoc.Runtime.Weights;
using LongDoc.Testing.RandomModels;

namespace LongDoc.Runtime.Tests.Models;

public sealed class ModelFilesTests : IDisposable
{
    readonly TempFolder _dir = new();
    public void Dispose() => _dir.Dispose();

    static readonly RandomModelSpec Spec = new() { Seed = 3 };

    [Fact]
    public void Open_GgufFile_GivesConfigWeightsAndVocabulary()
    {
        string path = _dir.File("m.gguf");
        RandomModelWriter.WriteGguf(Spec, path);
        using var m = ModelFiles.Open(path);
        Assert.Equal("qwen3moe", m.Config.Architecture);
        Assert.IsType<GgufModelWeights>(m.Weights);
        Assert.Equal(Spec.Vocab, ((string[])m.GgufMetadata!["tokenizer.ggml.tokens"]).Length);
        Assert.Null(m.TokenizerJsonPath);
        Assert.Equal(new FileInfo(path).Length, m.FileBytes);
        Assert.Equal(path, m.Weights.Source);
    }

    [Fact]
    public void Open_HfFolder_GivesConfigWeightsAndTokenizerPaths()
    {
        string folder = _dir.File("hf");
        RandomModelWriter.WriteSafetensors(Spec, folder);
        File.WriteAllText(Path.Combine(folder, "tokenizer.json"), "{}");
        using var m = ModelFiles.Open(folder);
        Assert.Equal("qwen3moe", m.Config.Architecture);
        Assert.Null(m.GgufMetadata);
        Assert.Equal(Path.Combine(folder, "tokenizer.json"), m.TokenizerJsonPath);
        Assert.Null(m.TokenizerConfigJsonPath);
        Assert.True(m.Weights.Contains("blk.1.ffn_up_exps.weight"));
        Assert.False(m.Weights.Contains("model.embed_tokens.weight"));
    }

    [Theory]
    [InlineData("config.json")]
    [InlineData("model.safetensors")]
    public void Open_FileInsideHfFolder_OpensTheFolder(string name)
    {
        string folder = _dir.File("hf");
        RandomModelWriter.WriteSafetensors(Spec, folder);
        using var m = ModelFiles.Open(Path.Combine(folder, name));
        Assert.Equal(folder, m.Source);
        Assert.IsType<SafetensorsModelWeights>(m.Weights);
    }

    [Fact]
    public void Open_HfFolderWithoutLmHead_IsTied()
    {
        string folder = _dir.File("hf");
        RandomModelWriter.WriteSafetensors(Spec with { TiedEmbeddings = true }, folder);
        using var m = ModelFiles.Open(folder);
        Assert.True(m.Config.TiedEmbeddings);
        Assert.False(m.Weights.Contains("output.weight"));
    }

    [Fact]
    public void Open_FolderWithoutConfig_NamesConfigJson()
    {
        var e = Assert.Throws<WeightFormatException>(() => ModelFiles.Open(_dir.Path));
        Assert.Equal("config.json", e.Field);
    }

    [Fact]
    public void Open_MissingPath_ThrowsFileNotFound() =>
        Assert.Throws<FileNotFoundException>(() => ModelFiles.Open(_dir.File("nope.gguf")));

    [Fact]
    public void Open_ShardIndexListsMissingTensor_NamesTheIndexAndTensor()
    {
        string folder = _dir.File("hf");
        RandomModelWriter.WriteSafetensors(Spec, folder, shards: 2);
        string index = Path.Combine(folder, SafetensorsFolder.IndexFileName);
        var root = JsonNode.Parse(File.ReadAllText(index))!;
        root["weight_map"]!["model.layers.9.mlp.gate.weight"] = "model-00001-of-00002.safetensors";
        File.WriteAllText(index, root.ToJsonString());
        var e = Assert.Throws<WeightFormatException>(() => ModelFiles.Open(folder));
        Assert.Equal((index, "model.layers.9.mlp.gate.weight"), (e.File, e.Field));
    }

    [Fact]
    public void Open_ShardIndexPointsOutsideTheFolder_IsRefused()
    {
        string folder = _dir.File("hf");
        RandomModelWriter.WriteSafetensors(Spec, folder, shards: 2);
        string index = Path.Combine(folder, SafetensorsFolder.IndexFileName);
        var root = JsonNode.Parse(File.ReadAllText(index))!;
        root["weight_map"]!["lm_head.weight"] = "../other.safetensors";
        File.WriteAllText(index, root.ToJsonString());
        var e = Assert.Throws<WeightFormatException>(() => ModelFiles.Open(folder));
        Assert.Equal("weight_map.lm_head.weight", e.Field);
    }

    [Fact]
    public void Open_TensorInTwoShards_NamesTheTensor()
    {
        string folder = _dir.File("hf");
        RandomModelWriter.WriteSafetensors(Spec, folder);
        new SafetensorsWriter().AddTensor("model.norm.weight", GgmlType.F32, [Spec.Embedding], new byte[Spec.Embedding * 4])
            .Write(Path.Combine(folder, "extra.safetensors"));
        var e = Assert.Throws<WeightFormatException>(() => ModelFiles.Open(folder));
        Assert.Equal("model.norm.weight", e.Field);
        Assert.Contains("also present", e.Message);
    }

    [Fact]
    public void Open_MissingExpert_NamesTheStackedTensor()
    {
        string folder = _dir.File("hf");
        RandomModelWriter.WriteSafetensors(Spec, folder);
        // Rewrite the folder without expert 0 of layer 1's up projection.
        using (var full = SafetensorsFile.Open(Path.Combine(folder, "model.safetensors")))
        {
            var w = new SafetensorsWriter();
            foreach (var t in full.Tensors.Where(t => t.Name != "model.layers.1.mlp.experts.0.up_proj.weight"))
                w.AddTensor(t.Name, t.Type, t.Shape, Copy(full, t));
            w.Write(Path.Combine(_dir.Path, "tmp.safetensors"));
        }
        File.Move(Path.Combine(_dir.Path, "tmp.safetensors"), Path.Combine(folder, "model.safetensors"), overwrite: true);
        var e = Assert.Throws<WeightFormatException>(() => ModelFiles.Open(folder));
        Assert.Equal("blk.1.ffn_up_exps.weight", e.Field);
    }

    static unsafe byte[] Copy(SafetensorsFile f, SafetensorsTensorInfo t) =>
        new ReadOnlySpan<byte>(f.TensorData(t), (int)t.ByteCount).ToArray();
}
