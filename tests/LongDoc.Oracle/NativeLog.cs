using System.Text;
using LLama.Native;

namespace LongDoc.Oracle;

/// <summary>
/// llama.cpp's log, kept off stdout (which is JSON only). Warnings and errors are remembered and printed to
/// stderr when the command fails, because llama.cpp's reason (e.g. "tensor 'blk.0.attn_k.weight' has wrong
/// shape") is only in the log: LLamaSharp's exception just says the load failed.
/// </summary>
static class NativeLog
{
    const int MaxChars = 16_000;
    static readonly StringBuilder Kept = new();
    static LLamaLogLevel _last = LLamaLogLevel.None;

    public static void Install() => NativeLibraryConfig.All.WithLogCallback(OnMessage);

    static void OnMessage(LLamaLogLevel level, string message)
    {
        // Continue extends the previous message at the previous level.
        var effective = level == LLamaLogLevel.Continue ? _last : level;
        _last = effective;
        if (effective is not (LLamaLogLevel.Warning or LLamaLogLevel.Error)) return;
        lock (Kept)
        {
            if (Kept.Length + message.Length > MaxChars) Kept.Remove(0, Math.Min(Kept.Length, message.Length));
            Kept.Append(message);
        }
    }

    public static void DumpToStderr()
    {
        lock (Kept)
        {
            if (Kept.Length == 0) return;
            Console.Error.WriteLine("llama.cpp log (warnings and errors):");
            Console.Error.Write(Kept.ToString());
        }
    }
}
