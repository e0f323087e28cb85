using LongDoc.Runtime.Chat;
using LongDoc.Runtime.Tokenizers;

namespace LongDoc.Runtime.Models;

/// <summary>The tokenizer and chat template that come with a model's files: GGUF metadata, or tokenizer.json beside safetensors.</summary>
public static class ModelTokenizers
{
    public static ITokenizer Tokenizer(ModelFiles files) =>
        files.GgufMetadata is { } metadata ? TokenizerFactory.FromGgufMetadata(metadata, files.Source)
        : files.TokenizerJsonPath is { } json ? TokenizerFactory.FromTokenizerJson(json, files.TokenizerConfigJsonPath)
        : throw new TokenizerLoadException($"{files.Source}: no tokenizer (neither GGUF tokenizer.ggml.* keys nor tokenizer.json)");

    /// <summary>The template named by <paramref name="flag"/> (--chat-template), else the one the model's files carry.</summary>
    public static ChatTemplate ChatTemplate(ModelFiles files, string? flag)
    {
        string? text = files.GgufMetadata is { } metadata ? Chat.ChatTemplate.TextFromGgufMetadata(metadata)
            : files.TokenizerConfigJsonPath is { } config ? Chat.ChatTemplate.TextFromTokenizerConfig(config)
            : null;
        return Chat.ChatTemplate.Resolve(text, flag, files.Source);
    }

    /// <summary>The family name for reports, or why there is none.</summary>
    public static string ChatTemplateName(ModelFiles files)
    {
        try { return ChatTemplate(files, null).Family.ToString(); }
        catch (ChatTemplateException e) { return $"none ({e.Message})"; }
    }
}

/// <summary>A model's files carry no usable tokenizer.</summary>
public sealed class TokenizerLoadException(string message) : Exception(message);
