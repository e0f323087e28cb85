namespace LongDoc.Runtime.Chat;

/// <summary>One turn of a conversation. Role: "system", "user" or "assistant".</summary>
public sealed record ChatMessage(string Role, string Content)
{
    public static ChatMessage System(string content) => new("system", content);
    public static ChatMessage User(string content) => new("user", content);
    public static ChatMessage Assistant(string content) => new("assistant", content);
}

/// <summary>Prompt formats we render (chosen from the model's template text or by --chat-template).</summary>
public enum ChatTemplateFamily
{
    /// <summary>&lt;|im_start|&gt;role\n...&lt;|im_end|&gt; (Qwen2, Qwen3).</summary>
    ChatMl,
    /// <summary>&lt;｜User｜&gt;...&lt;｜Assistant｜&gt;... (DeepSeek-V2.5, V3, R1).</summary>
    DeepSeek,
    /// <summary>"User: ...\n\nAssistant: ..." (DeepSeek-LLM, DeepSeek-V2-Chat).</summary>
    DeepSeekV2,
    /// <summary>&lt;|start_header_id|&gt;role&lt;|end_header_id|&gt;\n\n...&lt;|eot_id|&gt; (Llama 3, 3.1).</summary>
    Llama3,
    /// <summary>[INST] ... [/INST] (Mistral, Mixtral).</summary>
    Mistral,
}

/// <summary>A chat template that is missing, unrecognised or used wrongly; the message says what to do.</summary>
public sealed class ChatTemplateException(string message) : Exception(message);
