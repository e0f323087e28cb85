using LongDoc.Runtime.Weights;

namespace LongDoc.Runtime.Models;

/// <summary>
/// Parameter counts and KV-cache bytes of a model, for `model info` and memory planning. Totals are counted from
/// the tensors themselves, so every architecture is exact. Active parameters are those one token touches: of each
/// routed-expert tensor only the A experts a token is sent to count (shared experts and dense layers always do).
/// The cache size follows the architecture's cache shape: K and V per KV head, or MLA's one compressed latent.
/// </summary>
public static class ModelSize
{
    public sealed record Report(long TotalParameters, long ActiveParameters, long KvBytesPerTokenF16, long KvBytesPerTokenF32);

    static readonly string[] RoutedExpertTensors = ["ffn_gate_exps", "ffn_up_exps", "ffn_down_exps"];

    public static Report Of(ModelConfig c, IModelWeights weights)
    {
        long total = 0, idle = 0;
        foreach (var name in weights.TensorTypes.Keys)
        {
            long n = weights.ElementCount(name);
            total += n;
            if (c.IsMoe && RoutedExpertTensors.Any(t => name.EndsWith($".{t}.weight", StringComparison.Ordinal)))
                idle += n / c.ExpertCount * (c.ExpertCount - c.ExpertUsedCount);
        }
        var (heads, keyLength, valueLength) = c.CacheShape;
        long kvValues = (long)c.BlockCount * heads * (keyLength + valueLength);
        return new Report(total, total - idle, kvValues * 2, kvValues * 4);
    }
}
