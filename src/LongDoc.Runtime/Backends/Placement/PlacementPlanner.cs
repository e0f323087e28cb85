namespace LongDoc.Runtime.Backends.Placement;

/// <summary>
/// Chooses what runs on a CUDA device of <c>free</c> bytes (README "GPU (CUDA)", placement): with <c>--gpu-layers N</c> the
/// first N layers (N above the model's layer count means all, as llama.cpp's -ngl clamps), else as many as fit: all
/// layers and the output matrix, else all layers, else one fewer each time. The device holds the placed layers' weights
/// (routed experts only with <c>--experts gpu</c>), their KV cache at the context, the output matrix when every layer is
/// there, and the staging scratch of one prefill chunk; <see cref="Headroom"/> stays free. The chunk is the largest up
/// to the batch that fits (at least <see cref="MinAutoBatch"/> tokens when the layer count is chosen here, 1 when given).
/// When nothing fits, <see cref="DeviceMemoryException"/> names the bytes and what would help.
/// </summary>
public static class PlacementPlanner
{
    /// <summary>Device memory left free: 1/16 of the free memory, at most 1 GiB (llama.cpp's --fit leaves 1 GiB).</summary>
    public static long Headroom(long free) => Math.Min(1L << 30, Math.Max(0, free) / 16);

    /// <summary>The smallest prefill chunk worth keeping a layer off the CPU for, when the layer count is automatic.</summary>
    public const int MinAutoBatch = 64;

    public static PlacementPlan Plan(ModelFootprint f, int? gpuLayers, ExpertPlacement experts, int context, int maxBatch, long free, int multiprocessors)
    {
        if (gpuLayers < 0) throw new ArgumentOutOfRangeException(nameof(gpuLayers), $"--gpu-layers {gpuLayers} is negative (0 keeps every layer on the CPU)");
        var fit = new Fit(f, experts, context, Math.Max(1, Math.Min(maxBatch, context > 0 ? context : maxBatch)), free, multiprocessors);
        int layers = f.Layers.Count;
        var candidates = gpuLayers is int g
            ? g >= layers ? [(layers, true), (layers, false)] : [(g, false)]
            : new[] { (layers, true) }.Concat(Enumerable.Range(1, layers).Reverse().Select(n => (n, false)));
        int least = gpuLayers is null ? Math.Min(fit.BatchCap, MinAutoBatch) : 1;
        foreach (var (n, output) in candidates)
            if (fit.Batch(n, output) is int t && t >= least) return fit.Plan(n, output, t);
        throw new DeviceMemoryException(fit.Explain(gpuLayers is int r ? Math.Min(r, layers) : 1, gpuLayers is null));
    }

    /// <summary>The arithmetic of one placement question: device bytes of n layers (and the output) at a chunk size.</summary>
    sealed class Fit(ModelFootprint f, ExpertPlacement experts, int context, int batchCap, long free, int multiprocessors)
    {
        public int BatchCap => batchCap;
        long Budget => free - Headroom(free);
        long KvLayer => f.DeviceKvBytesPerTokenPerLayer * context;

        public long Weights(int n, bool output, ExpertPlacement e) => f.LayerWeights(n, e) + (output ? f.OutputBytes : 0);

        public long Scratch(int n, bool output, int tokens, ExpertPlacement e) =>
            n == 0 && !output ? 0 : f.ScratchBytes(tokens, e == ExpertPlacement.Gpu && n > 0, output, multiprocessors);

        public long Needed(int n, bool output, int tokens, ExpertPlacement e, int ctx) =>
            Weights(n, output, e) + n * f.DeviceKvBytesPerTokenPerLayer * (long)ctx + Scratch(n, output, tokens, e);

        /// <summary>The largest chunk up to the cap that fits, or null when not even one token does.</summary>
        public int? Batch(int n, bool output)
        {
            if (Needed(n, output, 1, experts, context) > Budget) return null;
            if (n == 0 && !output) return batchCap;
            long perToken = Scratch(n, output, 2, experts) - Scratch(n, output, 1, experts);
            long spare = Budget - Needed(n, output, 1, experts, context);
            return (int)Math.Min(batchCap, 1 + (perToken > 0 ? spare / perToken : batchCap));
        }

        public PlacementPlan Plan(int n, bool output, int tokens)
        {
            // the tokens found by the linear estimate, lowered where ScratchBytes' rounding disagrees
            while (tokens > 1 && Needed(n, output, tokens, experts, context) > Budget) tokens--;
            long all = f.Layers.Sum(l => l.Total);
            var device = new SideBytes(Weights(n, output, experts), n * KvLayer, Scratch(n, output, tokens, experts));
            long hostWeights = all - f.LayerWeights(n, experts) + f.EmbeddingBytes + (output || f.TiedOutput ? 0 : f.OutputBytes);
            var host = new SideBytes(hostWeights, f.HostKvBytesPerToken * context, f.HostActivationBytesPerToken() * tokens);
            return new PlacementPlan(f.Layers.Count, n, experts, output, context, tokens, free, Headroom(free), device, host, f.Config.IsMoe);
        }

        /// <summary>Why <paramref name="n"/> layers (or, <paramref name="auto"/>, not even one) do not fit, and what would.</summary>
        public string Explain(int n, bool auto)
        {
            long needed = Needed(n, false, 1, experts, context);
            string what = auto ? "not even layer 0 fits: it needs" : $"{n} layer{(n == 1 ? "" : "s")} on the device need";
            var helps = new List<string>();
            int fewer = Enumerable.Range(0, n).Reverse().FirstOrDefault(m => Needed(m, false, 1, experts, context) <= Budget, -1);
            if (!auto && fewer >= 0) helps.Add($"--gpu-layers {fewer} fits");
            if (f.Config.IsMoe && experts == ExpertPlacement.Gpu)
            {
                long cpu = Needed(n, false, 1, ExpertPlacement.Cpu, context);
                helps.Add($"--experts cpu needs {PlacementPlan.Size(cpu)}{(cpu <= Budget ? " and fits" : "")}");
            }
            long kvPerToken = n * f.DeviceKvBytesPerTokenPerLayer;
            long room = Budget - Needed(n, false, 1, experts, 0);
            if (kvPerToken > 0 && room > kvPerToken)
            {
                long ctx = room / kvPerToken;
                helps.Add($"--ctx {(ctx > 256 ? ctx / 256 * 256 : ctx)} fits");
            }
            helps.Add("--device cpu runs it in host RAM");
            return $"the model does not fit the device: {what} {PlacementPlan.Size(needed)} of device memory (weights {PlacementPlan.Size(Weights(n, false, experts))}, " +
                $"KV cache at context {context} {PlacementPlan.Size(n * KvLayer)}, scratch {PlacementPlan.Size(Scratch(n, false, 1, experts))}); " +
                $"{PlacementPlan.Size(free)} free, {PlacementPlan.Size(Headroom(free))} of it kept free. Options: {string.Join("; ", helps)}";
        }
    }
}
