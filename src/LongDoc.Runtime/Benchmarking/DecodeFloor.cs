using System.Globalization;
using LongDoc.Runtime.Models;

namespace LongDoc.Runtime.Benchmarking;

/// <summary>
/// The memory-bandwidth floor of decode: measured read bandwidth / bytes per decoded token, the speed decode would
/// reach if it did nothing but stream those bytes. Decode tok/s is reported as a share of it.
/// </summary>
public sealed record DecodeFloor(double ReadBytesPerSecond, int Threads, int Context, DecodeTraffic Traffic)
{
    public double TokensPerSecond => ReadBytesPerSecond / Traffic.TotalBytes;

    public double PercentOf(double decodeTokensPerSecond) => 100 * decodeTokensPerSecond / TokensPerSecond;

    /// <summary>
    /// Measures the bandwidth with <paramref name="threads"/> threads; the KV cache is counted at the mean context of a
    /// tg<paramref name="genTokens"/> run after a <paramref name="promptTokens"/>-token prompt.
    /// </summary>
    public static DecodeFloor Measure(LoadedModel model, int threads, int promptTokens, int genTokens, KvCacheType kv)
    {
        int context = promptTokens + (genTokens + 1) / 2;
        return new DecodeFloor(ReadBandwidth.Measure(threads), threads, context, DecodeTraffic.PerToken(model.Config, model.Weights, context, kv));
    }

    /// <summary>One line: bandwidth, bytes per token, floor and <paramref name="decodeTokensPerSecond"/> as % of it.</summary>
    public string Describe(double decodeTokensPerSecond) => string.Create(CultureInfo.InvariantCulture,
        $"decode floor: read bandwidth {ReadBytesPerSecond / 1e9:0.0} GB/s ({Threads} thread{(Threads == 1 ? "" : "s")}); {Traffic.TotalBytes / 1e6:0.0} MB per token " +
        $"({Traffic.WeightBytes / 1e6:0.0} MB weights + {Traffic.KvBytes / 1e6:0.0} MB KV at {Context} positions); " +
        $"floor {TokensPerSecond:0.0} tok/s; decode {decodeTokensPerSecond:0.0} tok/s = {PercentOf(decodeTokensPerSecond):0}% of the floor");
}
