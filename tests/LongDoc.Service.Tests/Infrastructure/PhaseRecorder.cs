namespace LongDoc.Service.Tests.Infrastructure;

/// <summary>Keeps every phase reported, at once and in order (Progress&lt;T&gt; would post them to the thread pool).</summary>
public sealed class PhaseRecorder : IProgress<string>
{
    readonly List<string> _phases = [];

    public IReadOnlyList<string> Phases { get { lock (_phases) return [.. _phases]; } }

    public void Report(string value) { lock (_phases) _phases.Add(value); }
}
