using LongDoc.Runtime.Weights;
using LongDoc.Testing.RandomModels;

namespace LongDoc.Testing.Oracle;

/// <summary>
/// A tiny dense llama-architecture GGUF with random F32 weights and the minimal SPM vocabulary of
/// <see cref="SpmVocab"/> (README "How correctness is checked"). It exists to prove the llama.cpp oracle runs, not to
/// match a real model. <see cref="HeadCountKvInMetadata"/> lets a test write metadata that contradicts the tensors.
/// </summary>
public sealed record TinyLlamaGguf
{
    public int VocabSize { get; init; } = 320;          // V (>= 259: specials + 256 byte tokens)
    public int Embedding { get; init; } = 64;           // D
    public int Layers { get; init; } = 2;               // L
    public int Heads { get; init; } = 4;                // H
    public int HeadsKv { get; init; } = 2;              // Hkv
    public int FeedForward { get; init; } = 128;        // F
    public int ContextLength { get; init; } = 256;
    public int Seed { get; init; } = 42;
    public int? HeadCountKvInMetadata { get; init; }    // null: the true HeadsKv

    int HeadDim => Embedding / Heads;

    public void Write(string path)
    {
        var random = new Random(Seed);
        var w = new GgufWriter()
            .Add("general.architecture", "llama")
            .Add("general.name", "tiny-llama-random")
            .Add("general.alignment", (uint)GgufWriter.DefaultAlignment)
            .Add("llama.context_length", (uint)ContextLength)
            .Add("llama.embedding_length", (uint)Embedding)
            .Add("llama.block_count", (uint)Layers)
            .Add("llama.feed_forward_length", (uint)FeedForward)
            .Add("llama.attention.head_count", (uint)Heads)
            .Add("llama.attention.head_count_kv", (uint)(HeadCountKvInMetadata ?? HeadsKv))
            .Add("llama.rope.dimension_count", (uint)HeadDim)
            .Add("llama.rope.freq_base", 10000f)
            .Add("llama.attention.layer_norm_rms_epsilon", 1e-5f);
        AddSpmVocab(w, VocabSize);

        // ggml dims are the numpy shape reversed: a linear [out, in] is {in, out}.
        int kvWidth = HeadsKv * HeadDim;
        Tensor(w, random, "token_embd.weight", [Embedding, VocabSize], 0.5f);
        Norm(w, "output_norm.weight", Embedding);
        Tensor(w, random, "output.weight", [Embedding, VocabSize], 0.2f);
        for (int l = 0; l < Layers; l++)
        {
            string b = $"blk.{l}.";
            Norm(w, b + "attn_norm.weight", Embedding);
            Tensor(w, random, b + "attn_q.weight", [Embedding, Embedding], 0.2f);
            Tensor(w, random, b + "attn_k.weight", [Embedding, kvWidth], 0.2f);
            Tensor(w, random, b + "attn_v.weight", [Embedding, kvWidth], 0.2f);
            Tensor(w, random, b + "attn_output.weight", [Embedding, Embedding], 0.2f);
            Norm(w, b + "ffn_norm.weight", Embedding);
            Tensor(w, random, b + "ffn_gate.weight", [Embedding, FeedForward], 0.2f);
            Tensor(w, random, b + "ffn_up.weight", [Embedding, FeedForward], 0.2f);
            Tensor(w, random, b + "ffn_down.weight", [FeedForward, Embedding], 0.2f);
        }
        w.Write(path);
    }

    static void AddSpmVocab(GgufWriter w, int vocabSize)
    {
        var (tokens, scores, types) = SpmVocab.Build(vocabSize);
        w.Add("tokenizer.ggml.model", "llama")
            .Add("tokenizer.ggml.tokens", tokens)
            .Add("tokenizer.ggml.scores", scores)
            .Add("tokenizer.ggml.token_type", types)
            .Add("tokenizer.ggml.bos_token_id", SpmVocab.Bos)
            .Add("tokenizer.ggml.eos_token_id", SpmVocab.Eos)
            .Add("tokenizer.ggml.unknown_token_id", SpmVocab.Unk);
    }

    static void Norm(GgufWriter w, string name, int n)
    {
        var ones = new float[n];
        Array.Fill(ones, 1f);
        w.AddTensor(name, GgmlType.F32, [n], ToBytes(ones));
    }

    static void Tensor(GgufWriter w, Random random, string name, long[] dims, float scale)
    {
        var values = new float[dims.Aggregate(1L, (a, b) => a * b)];
        for (int i = 0; i < values.Length; i++) values[i] = (float)(random.NextDouble() * 2 - 1) * scale;
        w.AddTensor(name, GgmlType.F32, dims, ToBytes(values));
    }

    static byte[] ToBytes(float[] values)
    {
        var bytes = new byte[values.Length * sizeof(float)];
        Buffer.BlockCopy(values, 0, bytes, 0, bytes.Length);
        return bytes;
    }
}
