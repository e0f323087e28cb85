using LongDoc.Runtime.Models;

namespace LongDoc.Cli.Commands;

/// <summary>--explain-attention: what block-sparse attention read in each layer, printed to stderr after the run.</summary>
static class AttentionExplain
{
    public static void Print(LoadedModel loaded)
    {
        if (loaded.Transformer.AttentionTrace is not { } trace) return;
        Console.Error.WriteLine($"longdoc: attention {loaded.Transformer.AttentionOptions.Summary()}");
        Console.Error.WriteLine("longdoc: per layer, key blocks read / visible (summed over query blocks and KV groups), and the mean share of the dense attention mass on the blocks read:");
        Console.Error.Write(trace.Format());
    }
}
