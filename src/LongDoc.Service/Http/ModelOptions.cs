using System.ComponentModel.DataAnnotations;

namespace LongDoc.Service.Http;

/// <summary>
/// The language model behind summaries, /ask and /v1/chat/completions (section "Model"): a file run in this process
/// (<see cref="Path"/>) or an engine's, over the OpenAI API (<see cref="Endpoint"/>); none configured: /v1/models is empty.
/// </summary>
public sealed class ModelOptions
{
    /// <summary>A GGUF file or a safetensors folder.</summary>
    public string? Path { get; set; }

    /// <summary>An OpenAI-compatible endpoint (vLLM, SGLang, llama-server, Ollama's /v1, another LongDoc): http://gpu1:8000/v1, or with #model.</summary>
    public string? Endpoint { get; set; }

    /// <summary>File holding the endpoint's API key (first non-empty line); never logged.</summary>
    public string? ApiKeyFile { get; set; }

    /// <summary>Endpoint: tokenizer.json or GGUF file for token counts when the engine has no /tokenize.</summary>
    public string? Tokenizer { get; set; }

    /// <summary>Endpoint: requests sent to the engine at once (summaries' map steps, asks); the local runtime runs one.</summary>
    [Range(1, 1024)] public int MaxConcurrent { get; set; } = 1;

    /// <summary>Endpoint: seconds to wait for the first answer token (prefill of a long document), and between tokens.</summary>
    [Range(1, 86_400)] public int FirstTokenTimeoutSeconds { get; set; } = 600;
    [Range(1, 3_600)] public int TokenTimeoutSeconds { get; set; } = 60;

    /// <summary>Endpoint: retries of a request the engine refuses with 429, 502, 503 or 504 before any answer text.</summary>
    [Range(0, 20)] public int MaxRetries { get; set; } = 3;

    /// <summary>The id in /v1/models and in requests; empty: the file name. Endpoint: the engine's model (when the URL has no #model).</summary>
    public string? Name { get; set; }

    /// <summary>Chat template family when the model's own is missing (chatml, deepseek, deepseek2, llama3, mistral).</summary>
    public string? ChatTemplate { get; set; }

    /// <summary>Context tokens (0: the model's trained context, lowered to what the free memory allows; an endpoint's: what the engine says).</summary>
    [Range(0, 1 << 24)] public int ContextSize { get; set; }

    [Range(0, 1024)] public int Threads { get; set; }

    /// <summary>Where a local model runs: auto (CUDA where its quick self-test passed on this GPU and driver, else the CPU), cpu, cuda or cuda-sim (<see cref="ModelDevice"/>).</summary>
    public string? Device { get; set; } = "auto";

    /// <summary>On CUDA: auto (as many layers as fit), all, or the first N layers on the device and the rest on the CPU.</summary>
    public string? GpuLayers { get; set; } = "auto";

    /// <summary>On CUDA, MoE models: gpu (routed experts on the device with their layer) or cpu (kept in host RAM, run by the CPU).</summary>
    public string? Experts { get; set; } = "gpu";

    /// <summary>max_tokens when a request gives none.</summary>
    [Range(1, 1 << 20)] public int DefaultMaxTokens { get; set; } = 512;
}
