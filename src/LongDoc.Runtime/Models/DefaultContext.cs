using System.Globalization;

namespace LongDoc.Runtime.Models;

/// <summary>What the machine offers the context: free host RAM and device memory (null = unknown), the weights' bytes, and
/// what one position of context costs on each side (<see cref="ContextMemory"/>). <c>DeviceWeightBytes</c>: what the
/// placement puts on the device before any KV cache (its layers' weights and scratch); null = all the weights.</summary>
public sealed record MemoryFacts(long? FreeRam, long? FreeDevice, long WeightBytes, long RamBytesPerToken, long DeviceBytesPerToken,
    long? DeviceWeightBytes = null);

/// <summary>The context a run gets, and the one line that says why (null when there is nothing to say).</summary>
public sealed record ContextChoice(int Tokens, string? Notice);

/// <summary>
/// The context of a run (README "Context size"): <c>--ctx N</c> when given (a warning when N is past the model's
/// trained context, as llama.cpp warns, or past what the free RAM holds); otherwise the model's trained context, including the YaRN extension it
/// declares, lowered so that what grows with the context takes at most <see cref="MemoryShare"/> of the memory left
/// after the weights, in host RAM and on the device, but never below <see cref="Floor"/> nor above <see cref="Ceiling"/>.
/// </summary>
public static class DefaultContext
{
    /// <summary>Share of the free memory (after the weights) the context may take: the rest is for the document
    /// pipeline, the search index and the system.</summary>
    public const double MemoryShare = 0.5;

    /// <summary>Smallest default (or the model's context when smaller): a context that cannot hold a page is no use.</summary>
    public const int Floor = 4096;

    /// <summary>Largest default: beyond it the per-position scratch arrays would pass .NET's array limit on wide models.</summary>
    public const int Ceiling = 1 << 20;

    /// <summary>The default where the free memory cannot be read (the former fixed cap).</summary>
    public const int UnknownMemoryCap = 8192;

    /// <summary>Capped defaults are multiples of 4096 above 8192, else of 256 (when at least 256): a little more or less free
    /// RAM from one run to the next rarely changes the context, which is part of the document cache's key.</summary>
    static int Granule(int cap) => cap > 8192 ? 4096 : 256;

    /// <summary>
    /// The context the model was trained for: its context length, or the YaRN extension factor x original context when
    /// that is larger. A rope scaling the model declares (GGUF <c>{arch}.rope.scaling.type</c>) that this runtime does not
    /// apply limits it to the original context, since positions past it would be rotated as the model never saw.
    /// </summary>
    public static (int Tokens, string? Note) Trained(ModelConfig c, IReadOnlyDictionary<string, object>? gguf = null)
    {
        if (c.Yarn is { } y && double.IsFinite(y.Factor) && y.Factor > 1 && y.OriginalContext > 0)
            return ((int)Math.Clamp(Math.Max(c.ContextLength, Math.Round((double)y.Factor * y.OriginalContext)), 1, int.MaxValue), null);
        string a = c.Architecture;
        if (gguf is not null && gguf.TryGetValue($"{a}.rope.scaling.type", out var t) && t is string type && type != "none"
            && gguf.TryGetValue($"{a}.rope.scaling.original_context_length", out var o) && Integer(o) is long original && original > 0 && original < c.ContextLength)
            return ((int)original, $"the model's {type} rope scaling to {c.ContextLength} is not applied by this runtime");
        return (c.ContextLength, null);
    }

    // GGUF converters write counts as uint32, some tools as int32 or uint64.
    static long? Integer(object value) => value switch
    {
        byte v => v, sbyte v => v, short v => v, ushort v => v, int v => v, uint v => v, long v => v,
        ulong v when v <= long.MaxValue => (long)v,
        _ => null,
    };

    /// <param name="trainedNote">Why <paramref name="trained"/> is below the model's declared context (<see cref="Trained"/>), for the notice.</param>
    public static ContextChoice Choose(int requested, int trained, MemoryFacts m, string? trainedNote = null)
    {
        if (trained <= 0) throw new ArgumentOutOfRangeException(nameof(trained), $"the model declares a context of {trained} tokens; pass --ctx N");
        if (requested < 0) throw new ArgumentOutOfRangeException(nameof(requested), $"context {requested} is negative");
        if (requested > 0)
            return new(requested, requested > trained
                ? $"warning: context {requested} is more than the {trained} tokens the model was trained for; past {trained} its output may degrade"
                : m.FreeRam is long free && (double)requested * m.RamBytesPerToken > free - m.WeightBytes
                ? $"warning: context {requested} takes {Size(requested * m.RamBytesPerToken)} for the KV cache and buffers, more than the {Gb(free)} of free RAM leave after the {Gb(m.WeightBytes)} of weights"
                : null);

        int limit = Math.Min(trained, Ceiling);
        var (cap, why) = (limit, limit < trained ? $"capped at the runtime's largest default, {Ceiling}" : null);
        if (m.FreeRam is not long ram)
            (cap, why) = (Math.Min(limit, UnknownMemoryCap), limit > UnknownMemoryCap ? "capped: free RAM unknown, --ctx N sets more" : why);
        else if (Fit(ram, m.WeightBytes, m.RamBytesPerToken) is var byRam && byRam < cap)
            (cap, why) = (byRam, $"capped by {Gb(ram)} free RAM: {Size(m.RamBytesPerToken)} a token, at most {Percent} of what the {Gb(m.WeightBytes)} of weights leave");
        if (m.FreeDevice is long device && Fit(device, m.DeviceWeightBytes ?? m.WeightBytes, m.DeviceBytesPerToken) is var byDevice && byDevice < cap)
            (cap, why) = (byDevice, $"capped by {Gb(device)} free device memory: KV cache {Size(m.DeviceBytesPerToken)} a token, at most {Percent} of what the weights leave");

        int tokens = cap < trained && cap >= Granule(cap) ? cap / Granule(cap) * Granule(cap) : cap;
        int floor = Math.Min(limit, Floor);
        if (tokens < floor) (tokens, why) = (floor, $"{why}; raised to the {floor}-token floor: memory is short");
        string note = trainedNote is null ? "" : $"; {trainedNote}";
        return new(tokens, why is null
            ? $"context {tokens} (the model's{note}; KV cache and buffers {Size(m.RamBytesPerToken * tokens)}{(m.FreeRam is long f ? $" of {Gb(f)} free RAM" : "")})"
            : $"context {tokens} (model {trained}{note}, {why})");
    }

    static string Percent => $"{MemoryShare * 100:0}%";

    // Positions whose bytes fit the share of what the weights leave; 0 when nothing is left.
    static int Fit(long free, long weights, long perToken) =>
        perToken <= 0 ? int.MaxValue : (int)Math.Min(int.MaxValue, (long)(MemoryShare * Math.Max(0, free - weights)) / perToken);

    static string Gb(long bytes) => (bytes / 1e9).ToString("0.0", CultureInfo.InvariantCulture) + " GB";

    static string Size(long bytes) => bytes >= 1_000_000_000 ? Gb(bytes)
        : bytes >= 1_000_000 ? (bytes / 1e6).ToString("0.0", CultureInfo.InvariantCulture) + " MB"
        : bytes >= 1000 ? (bytes / 1e3).ToString("0.0", CultureInfo.InvariantCulture) + " KB" : $"{bytes} B";
}
