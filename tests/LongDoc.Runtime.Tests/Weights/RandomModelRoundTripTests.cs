using LongDoc.Runtime.Models;
using LongDoc.Runtime.Weights;
using LongDoc.Runtime.Weights.Quantization;
using LongDoc.Testing.RandomModels;

namespace LongDoc.Runtime.Tests.Weights;

/// <summary>The random-model writer and the readers agree: what was generated is what GGUF and safetensors give back.</summary>
public sealed class RandomModelRoundTripTests : IDisposable
{
    readonly TempFolder _dir = new();
    public void Dispose() => _dir.Dispose();

    static readonly RandomModelSpec Moe = new() { Seed = 7 };
    static readonly RandomModelSpec Dense = new() { Architecture = "qwen3", Seed = 8, TiedEmbeddings = true };

    (ModelFiles Gguf, ModelFiles Hf) Open(RandomModelSpec spec, int shards = 1)
    {
        string gguf = _dir.File("m.gguf"), folder = _dir.File("hf");
        RandomModelWriter.WriteGguf(spec, gguf);
        RandomModelWriter.WriteSafetensors(spec, folder, shards);
        return (ModelFiles.Open(gguf), ModelFiles.Open(folder));
    }

    static unsafe float[] Decode(WeightMatrix m)
    {
        var values = new float[(long)m.Rows * m.Cols];
        RowDecoder.ToSingle(m.Type, new ReadOnlySpan<byte>(m.Data, checked((int)m.ByteCount)), values);
        return values;
    }

    static unsafe byte[] Bytes(WeightMatrix m) => new ReadOnlySpan<byte>(m.Data, checked((int)m.ByteCount)).ToArray();

    static float[] Read(IModelWeights w, RandomTensor t) =>
        t.Shape.Length == 1 ? w.Vector(t.InternalName)
        : t.Expert >= 0 ? Decode(w.Expert(t.InternalName, t.Expert))
        : Decode(w.Matrix(t.InternalName));

    [Theory]
    [InlineData("qwen3moe", GgmlType.F32)]
    [InlineData("qwen3moe", GgmlType.F16)]
    [InlineData("qwen3moe", GgmlType.Q8_0)]
    [InlineData("qwen3", GgmlType.F32)]
    public void RandomModel_BothFormats_ReturnTheGeneratedValues(string arch, GgmlType type)
    {
        var spec = (arch == "qwen3" ? Dense : Moe) with { WeightType = type };
        var (gguf, hf) = Open(spec);
        using (gguf)
        using (hf)
        {
            foreach (var t in RandomWeights.Generate(spec))
            {
                Assert.Equal(t.Values, Read(gguf.Weights, t));
                Assert.Equal(t.Values, Read(hf.Weights, t));
            }
        }
    }

    [Fact]
    public void RandomModel_F32_GgufAndSafetensorsMatricesAreBitIdentical()
    {
        var (gguf, hf) = Open(Moe);
        using (gguf)
        using (hf)
        {
            Assert.Equal(gguf.Weights.TensorTypes.OrderBy(kv => kv.Key), hf.Weights.TensorTypes.OrderBy(kv => kv.Key));
            foreach (var t in RandomWeights.Generate(Moe).Where(t => t.Shape.Length == 2))
            {
                var a = t.Expert >= 0 ? gguf.Weights.Expert(t.InternalName, t.Expert) : gguf.Weights.Matrix(t.InternalName);
                var b = t.Expert >= 0 ? hf.Weights.Expert(t.InternalName, t.Expert) : hf.Weights.Matrix(t.InternalName);
                Assert.Equal((a.Type, a.Rows, a.Cols), (b.Type, b.Rows, b.Cols));
                Assert.Equal(Bytes(a), Bytes(b));
            }
        }
    }

    [Fact]
    public void RandomModel_F16_MatricesKeepF16InBothFormats()
    {
        var (gguf, hf) = Open(Moe with { WeightType = GgmlType.F16 });
        using (gguf)
        using (hf)
        {
            var a = gguf.Weights.Expert("blk.1.ffn_down_exps.weight", 3);
            var b = hf.Weights.Expert("blk.1.ffn_down_exps.weight", 3);
            Assert.Equal(GgmlType.F16, a.Type);
            Assert.Equal(Bytes(a), Bytes(b));
            Assert.Equal(GgmlType.F32, gguf.Weights.TensorTypes["blk.0.ffn_gate_inp.weight"]); // router stays F32 in GGUF
        }
    }

    [Fact]
    public void RandomModel_Sharded_LoadsTheSameWeights()
    {
        var (gguf, hf) = Open(Moe, shards: 3);
        using (gguf)
        using (hf)
        {
            Assert.True(File.Exists(Path.Combine(hf.Source, SafetensorsFolder.IndexFileName)));
            Assert.Equal(3, Directory.GetFiles(hf.Source, "*.safetensors").Length);
            Assert.Equal(Bytes(gguf.Weights.Matrix("output.weight")), Bytes(hf.Weights.Matrix("output.weight")));
            Assert.Equal(gguf.Weights.Vector("blk.1.attn_k_norm.weight"), hf.Weights.Vector("blk.1.attn_k_norm.weight"));
        }
    }

    [Fact]
    public void RandomModel_Gguf_CarriesTheMinimalSpmVocabulary()
    {
        string path = _dir.File("m.gguf");
        RandomModelWriter.WriteGguf(Moe, path);
        using var f = GgufFile.Open(path);
        var tokens = f.GetArray<string>("tokenizer.ggml.tokens");
        Assert.Equal(Moe.Vocab, tokens.Length);
        Assert.Equal(["<unk>", "<s>", "</s>", "<0x00>"], tokens[..4]);
        Assert.Equal("<0xFF>", tokens[258]);
        Assert.Equal(tokens.Length, tokens.Distinct().Count());
        Assert.Equal([2, 3, 3, 6], f.GetArray<int>("tokenizer.ggml.token_type")[..4]);
        Assert.Equal("llama", f.GetString("tokenizer.ggml.model"));
        Assert.Equal(1u, f.GetUInt32("tokenizer.ggml.bos_token_id"));
        Assert.True(f.GetBool("tokenizer.ggml.add_bos_token"));
        Assert.Equal(Moe.Vocab, f.Tensor("token_embd.weight").Dims[1]);
    }

    [Fact]
    public void RandomModel_Gguf_StacksExpertsInGgmlOrder()
    {
        string path = _dir.File("m.gguf");
        RandomModelWriter.WriteGguf(Moe, path);
        using var f = GgufFile.Open(path);
        // experts (E, F, D) in PyTorch order are ne = {D, F, E} in ggml order.
        Assert.Equal([Moe.Embedding, Moe.ExpertFfn, Moe.Experts], f.Tensor("blk.0.ffn_gate_exps.weight").Dims);
        Assert.Equal([Moe.ExpertFfn, Moe.Embedding, Moe.Experts], f.Tensor("blk.0.ffn_down_exps.weight").Dims);
        Assert.Equal([Moe.Embedding, Moe.Heads * Moe.HeadDim], f.Tensor("blk.0.attn_q.weight").Dims);
        Assert.All(f.Tensors, t => Assert.Equal(0, t.Offset % 32));
    }

    [Fact]
    public void RandomModel_SameSeed_SameWeights_DifferentSeed_DifferentWeights()
    {
        var a = RandomWeights.Generate(Moe)[1].Values;
        Assert.Equal(a, RandomWeights.Generate(Moe)[1].Values);
        Assert.NotEqual(a, RandomWeights.Generate(Moe with { Seed = 8 })[1].Values);
    }

    [Fact]
    public void RandomModel_Q8_0_GgufBytesAreTheQuantizedRows()
    {
        var spec = Moe with { WeightType = GgmlType.Q8_0 };
        string path = _dir.File("m.gguf");
        RandomModelWriter.WriteGguf(spec, path);
        using var f = ModelFiles.Open(path);
        var m = f.Weights.Matrix("blk.0.attn_q.weight");
        Assert.Equal(GgmlType.Q8_0, m.Type);
        Assert.Equal(m.Cols / 32 * 34, m.RowBytes);
        var values = RandomWeights.Generate(spec).Single(t => t.HfName == "model.layers.0.self_attn.q_proj.weight").Values;
        var row = new byte[m.RowBytes];
        Q8_0Block.QuantizeRow(values.AsSpan(0, m.Cols), row);
        Assert.Equal(row, m.Row(0).ToArray());
    }

    [Theory]
    [InlineData("qwen3moe", false)]
    [InlineData("qwen3moe", true)]
    [InlineData("qwen3", false)]
    public void RandomWeights_Count_MatchesWhatIsGenerated(string arch, bool tied)
    {
        var spec = Moe with { Architecture = arch, TiedEmbeddings = tied };
        Assert.Equal(RandomWeights.Generate(spec).Count, RandomWeights.Count(spec));
    }
}
