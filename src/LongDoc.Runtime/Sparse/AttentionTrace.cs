using System.Globalization;
using System.Text;

namespace LongDoc.Runtime.Sparse;

/// <summary>Per layer: key blocks read and visible, summed over query blocks and KV groups (DSA layers,
/// <paramref name="Selected"/>: positions the indexer selected and visible, summed over queries); dense attention mass kept.</summary>
public readonly record struct LayerAttentionStats(int Layer, bool Sparse, long BlocksRead, long BlocksTotal, double MassCaptured, long MassSamples,
    bool Selected = false)
{
    /// <summary>Mean share of the dense softmax mass on the blocks read (1 for dense layers); NaN when not measured.</summary>
    public double MeanMass => MassSamples > 0 ? MassCaptured / MassSamples : double.NaN;
}

/// <summary>
/// What block-sparse attention read, per layer, since the last <see cref="Reset"/> (--explain-attention). Counters
/// are added from worker threads, so they are updated with interlocked operations.
/// </summary>
public sealed class AttentionTrace(int layers)
{
    readonly long[] _read = new long[layers], _total = new long[layers], _samples = new long[layers];
    readonly double[] _mass = new double[layers];
    readonly bool[] _sparse = new bool[layers], _selected = new bool[layers];
    readonly Lock _lock = new();

    public void AddBlocks(int layer, bool sparse, long read, long total)
    {
        if (sparse) _sparse[layer] = true;
        Interlocked.Add(ref _read[layer], read);
        Interlocked.Add(ref _total[layer], total);
    }

    /// <summary>A DSA layer: positions the indexer selected and positions visible, per query.</summary>
    public void AddSelected(int layer, long selected, long visible)
    {
        _selected[layer] = true;
        Interlocked.Add(ref _read[layer], selected);
        Interlocked.Add(ref _total[layer], visible);
    }

    public void AddMass(int layer, double captured, long samples)
    {
        lock (_lock) { _mass[layer] += captured; _samples[layer] += samples; }
    }

    public IReadOnlyList<LayerAttentionStats> Layers =>
        [.. Enumerable.Range(0, _read.Length).Select(l => new LayerAttentionStats(l, _sparse[l], _read[l], _total[l], _mass[l], _samples[l], _selected[l]))];

    public void Reset()
    {
        Array.Clear(_read); Array.Clear(_total); Array.Clear(_samples); Array.Clear(_mass); Array.Clear(_sparse); Array.Clear(_selected);
    }

    /// <summary>One line per layer: "layer 3  sparse  blocks read 1234/5678 (21.7%)  dense mass captured 0.9871" (DSA layers:
    /// "layer 3  dsa     positions read ...").</summary>
    public string Format()
    {
        var sb = new StringBuilder();
        foreach (var s in Layers)
        {
            double share = s.BlocksTotal > 0 ? 100.0 * s.BlocksRead / s.BlocksTotal : 100;
            string kind = s.Selected ? "dsa" : s.Sparse ? "sparse" : "dense";
            sb.Append(CultureInfo.InvariantCulture, $"layer {s.Layer,3}  {kind,-6}  {(s.Selected ? "positions" : "blocks")} read {s.BlocksRead}/{s.BlocksTotal} ({share:F1}%)");
            if (!double.IsNaN(s.MeanMass)) sb.Append(CultureInfo.InvariantCulture, $"  dense mass captured {s.MeanMass:F4}");
            sb.AppendLine();
        }
        return sb.ToString();
    }
}
