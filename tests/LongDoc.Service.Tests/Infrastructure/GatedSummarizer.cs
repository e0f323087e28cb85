using LongDoc.Documents;
using LongDoc.Service.Processing;

namespace LongDoc.Service.Tests.Infrastructure;

/// <summary>
/// Summarizes in two pieces, each reported as the phase and then held until the test opens its gate: a test sees
/// every phase while the worker waits at it (no timing luck).
/// </summary>
public sealed class GatedSummarizer : IDocumentSummarizer
{
    public TaskCompletionSource First { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
    public TaskCompletionSource Second { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public async Task<string> SummarizeAsync(Document document, IProgress<string> phase, CancellationToken ct)
    {
        phase.Report(Phases.SummarizingPiece(1, 2));
        await First.Task.WaitAsync(ct);
        phase.Report(Phases.SummarizingPiece(2, 2));
        await Second.Task.WaitAsync(ct);
        return $"# Summary: {document.Title}\n\nSummarized in two pieces.\n";
    }
}
