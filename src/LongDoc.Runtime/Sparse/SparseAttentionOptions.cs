namespace LongDoc.Runtime.Sparse;

/// <summary>
/// Dense: every position (a DSA model's indexer is not applied). Sparse: our block-sparse attention past the budget.
/// Native: the model's own trained attention: its DSA indexer's selection where it has one, else dense.
/// Auto: Native for a model with trained sparse attention, else Sparse (<see cref="SparseAttentionOptions.Resolve"/>).
/// </summary>
public enum AttentionMode { Dense, Sparse, Native, Auto }

/// <summary>How a key block is ranked for a query: the Quest upper bound, or the query's dot with the block's mean key.</summary>
public enum BlockScore { Quest, MeanKey }

/// <summary>
/// Block-sparse attention settings (README "Long documents: block-sparse attention"). Each query block (prefill) or query (decode) and KV head group
/// reads the sink block, the blocks holding the last <see cref="Window"/> tokens and the best-ranked other blocks,
/// <see cref="Budget"/> tokens in all. Layers in <see cref="DenseLayers"/> and contexts shorter than the budget run dense.
/// </summary>
public sealed record SparseAttentionOptions
{
    public AttentionMode Mode { get; init; } = AttentionMode.Auto;
    /// <summary>Tokens per key block (B).</summary>
    public int Block { get; init; } = 64;
    /// <summary>Tokens read per query: sink + window + top-K blocks.</summary>
    public int Budget { get; init; } = 4096;
    /// <summary>Last tokens always read (W), the query's own block included.</summary>
    public int Window { get; init; } = 1024;
    public IReadOnlyList<int> DenseLayers { get; init; } = [0, 1];
    public BlockScore Score { get; init; } = BlockScore.Quest;
    /// <summary>False runs the sparse op even when the context is shorter than the budget (it then reads every
    /// block, which is how tests hold it to dense attention).</summary>
    public bool DenseBelowBudget { get; init; } = true;
    /// <summary>Record blocks read per layer; with <see cref="ExplainMass"/> also the dense attention mass captured.</summary>
    public bool Explain { get; init; }
    /// <summary>With <see cref="Explain"/>: compute dense scores too, to report the share of their mass the selection kept.</summary>
    public bool ExplainMass { get; init; }

    public static readonly SparseAttentionOptions Dense = new() { Mode = AttentionMode.Dense };

    public int BudgetBlocks => Math.Max(1, Budget / Block);

    /// <summary>Auto made concrete for a model: Native when it has trained sparse attention (a DSA indexer), else Sparse.</summary>
    public SparseAttentionOptions Resolve(bool trainedSparse) =>
        Mode == AttentionMode.Auto ? this with { Mode = trainedSparse ? AttentionMode.Native : AttentionMode.Sparse } : this;

    /// <summary>Whether layer <paramref name="layer"/> runs sparse at <paramref name="positions"/> visible tokens.</summary>
    public bool IsSparse(int layer, int positions) =>
        Mode == AttentionMode.Sparse && !DenseLayers.Contains(layer) && (!DenseBelowBudget || positions >= Budget);

    /// <summary>Throws <see cref="ArgumentException"/> naming the setting that is out of range.</summary>
    public void Validate()
    {
        if (Block < 1) throw new ArgumentException($"sparse block (--sparse-block) {Block} must be at least 1 token");
        if (Window < 1) throw new ArgumentException($"sparse window (--sparse-window) {Window} must be at least 1 token");
        if (Budget < Window + Block) throw new ArgumentException($"sparse budget (--sparse-budget) {Budget} must be at least the window ({Window}) plus one block ({Block}) for the sink");
        foreach (int l in DenseLayers)
            if (l < 0) throw new ArgumentException($"dense layer (--dense-layers) {l} is negative");
    }

    /// <summary>"sparse (block 64, budget 4096, window 1024, score quest, dense layers 0,1)" or "dense".</summary>
    public string Summary() => Mode is AttentionMode.Dense or AttentionMode.Native or AttentionMode.Auto ? Mode.ToString().ToLowerInvariant()
        : $"sparse (block {Block}, budget {Budget}, window {Window}, score {Score.ToString().ToLowerInvariant()}, dense layers {(DenseLayers.Count == 0 ? "none" : string.Join(",", DenseLayers))})";

    /// <summary>Parses "0,1" (or "" / "none" for no dense layers) into layer indices.</summary>
    public static IReadOnlyList<int> ParseLayers(string text)
    {
        if (string.IsNullOrWhiteSpace(text) || text.Trim() == "none") return [];
        var layers = new List<int>();
        foreach (var part in text.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
        {
            if (!int.TryParse(part, out int l) || l < 0) throw new ArgumentException($"--dense-layers \"{text}\": \"{part}\" is not a layer index (expected e.g. 0,1 or none)");
            layers.Add(l);
        }
        return layers;
    }
}
