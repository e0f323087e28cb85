using System.ComponentModel.DataAnnotations;

namespace LongDoc.Service.Http;

/// <summary>The language model behind /v1/chat/completions (section "Model"); none configured: /v1/models is empty.</summary>
public sealed class ModelOptions
{
    /// <summary>A GGUF file or a safetensors folder.</summary>
    public string? Path { get; set; }

    /// <summary>The id in /v1/models and in requests; empty: the file name.</summary>
    public string? Name { get; set; }

    /// <summary>Chat template family when the model's own is missing (chatml, deepseek, deepseek2, llama3, mistral).</summary>
    public string? ChatTemplate { get; set; }

    /// <summary>Context tokens (0: the runtime's default cap).</summary>
    [Range(0, 1 << 24)] public int ContextSize { get; set; }

    [Range(0, 1024)] public int Threads { get; set; }

    /// <summary>max_tokens when a request gives none.</summary>
    [Range(1, 1 << 20)] public int DefaultMaxTokens { get; set; } = 512;
}
