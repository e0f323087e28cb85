using LLama.Native;

namespace LongDoc.Oracle;

/// <summary>Oracle settings for one context: README "How correctness is checked" (F32 K/V, no flash attention, 1–2 threads).</summary>
sealed record SessionOptions(int ContextSize, int BatchSize, int MicroBatchSize, int Threads, GGMLType KvType, bool FlashAttention)
{
    /// <summary>K/V cache element types by their command-line names.</summary>
    public static readonly Dictionary<string, GGMLType> KvTypes = new()
    {
        ["f32"] = GGMLType.GGML_TYPE_F32,
        ["f16"] = GGMLType.GGML_TYPE_F16,
    };

    public static GGMLType ParseKv(string? name, GGMLType fallback) =>
        name is null ? fallback
        : KvTypes.TryGetValue(name, out var t) ? t
        : throw new OracleUsageException($"--kv must be one of {string.Join('|', KvTypes.Keys)}; got '{name}'");
}

/// <summary>llama.cpp's native library could not be loaded: exit code 3.</summary>
sealed class NativeLoadException(string message, Exception inner) : Exception(message, inner);

/// <summary>A model and one context on it, through LLamaSharp's low-level handles.</summary>
sealed class LlamaSession : IDisposable
{
    public SafeLlamaModelHandle Model { get; }
    public SafeLLamaContextHandle Context { get; }
    public int VocabSize => Model.Vocab.Count;

    public LlamaSession(string modelPath, SessionOptions options)
    {
        if (!File.Exists(modelPath)) throw new FileNotFoundException($"model file not found: {modelPath}");
        EnsureNativeLoaded();
        var mp = LLamaModelParams.Default();
        mp.n_gpu_layers = 0;
        Model = LoadModel(modelPath, mp);

        var cp = LLamaContextParams.Default();
        cp.n_ctx = (uint)options.ContextSize;
        cp.n_batch = (uint)options.BatchSize;
        cp.n_ubatch = (uint)options.MicroBatchSize;
        cp.n_seq_max = 1;
        cp.n_threads = options.Threads;
        cp.n_threads_batch = options.Threads;
        cp.type_k = options.KvType;
        cp.type_v = options.KvType;
        cp.llama_flash_attn_type = options.FlashAttention
            ? LLamaFlashAttentionType.LLAMA_FLASH_ATTENTION_TYPE_ENABLED
            : LLamaFlashAttentionType.LLAMA_FLASH_ATTENTION_TYPE_DISABLED;
        cp.embeddings = false;
        Context = SafeLLamaContextHandle.Create(Model, cp);
    }

    /// <summary>Loads only the vocabulary (tokenize needs no weights).</summary>
    public static SafeLlamaModelHandle LoadVocab(string modelPath)
    {
        if (!File.Exists(modelPath)) throw new FileNotFoundException($"model file not found: {modelPath}");
        EnsureNativeLoaded();
        var mp = LLamaModelParams.Default();
        mp.n_gpu_layers = 0;
        mp.vocab_only = true;
        return LoadModel(modelPath, mp);
    }

    // NativeApi's static constructor installs LLamaSharp's resolver (it picks runtimes/*/native/{avx512,avx2,...});
    // P/Invokes declared elsewhere (LLamaModelParams.Default) do not trigger it, so touch NativeApi first.
    static void EnsureNativeLoaded()
    {
        try { NativeApi.llama_max_devices(); }
        catch (Exception e) { throw new NativeLoadException($"could not load llama.cpp's native library: {e.Message}", e); }
    }

    static SafeLlamaModelHandle LoadModel(string path, LLamaModelParams mp)
    {
        try { return SafeLlamaModelHandle.LoadFromFile(path, mp); }
        catch (Exception e) { throw new InvalidDataException($"llama.cpp could not load {path}: {e.Message}", e); }
    }

    /// <summary>Runs <paramref name="tokens"/> at positions <paramref name="start"/>..; logits for every position or only the last.</summary>
    public void Decode(LLamaBatch batch, ReadOnlySpan<int> tokens, int start, bool allLogits)
    {
        batch.Clear();
        for (int i = 0; i < tokens.Length; i++)
            batch.Add(tokens[i], start + i, LLamaSeqId.Zero, allLogits || i == tokens.Length - 1);
        var result = Context.Decode(batch);
        if (result != DecodeResult.Ok) throw new InvalidOperationException($"llama_decode of {tokens.Length} tokens at position {start} failed: {result}");
    }

    public void Dispose()
    {
        Context.Dispose();
        Model.Dispose();
    }
}
