using LongDoc.Tasks.Summaries;

namespace LongDoc.Service.Processing;

/// <summary>Section "Summary": the style of NAME.summary.md (Brief, Outline or Bullets).</summary>
public sealed class SummaryOptions
{
    public SummaryStyle Style { get; set; } = SummaryStyle.Outline;
}
