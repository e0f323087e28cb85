using LongDoc.Runtime.AI;
using LongDoc.Runtime.Models;
using LongDoc.Testing.RandomModels;
using ChatTemplate = LongDoc.Runtime.Chat.ChatTemplate;

namespace LongDoc.Runtime.Tests.AI;

/// <summary>A tiny random qwen3moe GGUF written once per test class; each test loads its own copy of the model.</summary>
public sealed class TinyChatModel : IDisposable
{
    public static readonly RandomModelSpec Spec = new() { Architecture = "qwen3moe", Context = 256, Seed = 7 };

    public TinyChatModel()
    {
        Directory.CreateDirectory(Folder);
        RandomModelWriter.WriteGguf(Spec, Path);
    }

    public string Folder { get; } = System.IO.Path.Combine(System.IO.Path.GetTempPath(), $"longdoc-ai-{Guid.NewGuid():N}");
    public string Path => System.IO.Path.Combine(Folder, "tiny-qwen3moe.gguf");

    /// <summary>F32 cache so that runs compare exactly; one thread keeps the tests light on a shared machine.</summary>
    public static RuntimeOptions Options { get; } = new() { KvCacheType = KvCacheType.F32, Threads = 1 };

    /// <summary>A client owning a freshly loaded model (the random GGUF has no chat template: ChatML by hand).</summary>
    public LocalChatClient Client() => LocalChatClient.Open(Path, Options, chatTemplateFlag: "chatml");

    public static ChatTemplate ChatMl => ChatTemplate.FromFlag("chatml");

    public void Dispose()
    {
        try { Directory.Delete(Folder, recursive: true); }
        catch (IOException) { }
    }
}
