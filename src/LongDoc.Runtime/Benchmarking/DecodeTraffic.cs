using LongDoc.Runtime.Models;
using LongDoc.Runtime.Weights;

namespace LongDoc.Runtime.Benchmarking;

/// <summary>
/// Bytes one decoded token reads from memory at a given context length (<see cref="DecodeFloor"/> turns them into the
/// bandwidth floor of decode).
/// Weights: every tensor in its stored type, except that of each routed-expert tensor only the A experts a token is
/// sent to count, and of the token embedding only the token's row (unless it is also the output matrix, tied).
/// KV: every cached position of every layer, in the cache's type (MLA: the one latent row per position).
/// </summary>
public sealed record DecodeTraffic(long WeightBytes, long KvBytes)
{
    public long TotalBytes => WeightBytes + KvBytes;

    static readonly string[] RoutedExpertTensors = ["ffn_gate_exps", "ffn_up_exps", "ffn_down_exps"];
    const string TokenEmbedding = "token_embd.weight";

    public static DecodeTraffic PerToken(ModelConfig c, IModelWeights weights, int context, KvCacheType kv)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(context);
        bool tied = !weights.Contains("output.weight");
        long total = 0;
        foreach (var (name, type) in weights.TensorTypes)
        {
            long bytes = StoredBytes(type, weights.ElementCount(name));
            if (c.IsMoe && RoutedExpertTensors.Any(t => name.EndsWith($".{t}.weight", StringComparison.Ordinal)))
                bytes = bytes / c.ExpertCount * c.ExpertUsedCount;
            else if (name == TokenEmbedding && !tied)
                bytes /= c.VocabSize;
            total += bytes;
        }
        var size = ModelSize.Of(c, weights);
        long kvPerPosition = kv == KvCacheType.F16 ? size.KvBytesPerTokenF16 : size.KvBytesPerTokenF32;
        return new DecodeTraffic(total, kvPerPosition * context);
    }

    static long StoredBytes(GgmlType type, long elements) =>
        elements / GgmlTypeInfo.BlockElements(type) * GgmlTypeInfo.BlockBytes(type);
}
