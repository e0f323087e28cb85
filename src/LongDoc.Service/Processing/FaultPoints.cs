namespace LongDoc.Service.Processing;

/// <summary>
/// Named points in a job's life where a crash test stops the process: when LONGDOC_PAUSE_AT names the point, the
/// process writes the file named by LONGDOC_PAUSE_MARKER and waits forever, so the test can `kill -9` it exactly
/// there. Unset (always, outside tests), a point costs one comparison.
/// </summary>
public static class FaultPoints
{
    /// <summary>The extraction child is running.</summary>
    public const string Extract = "extract";
    /// <summary>The document is read; the summary is being generated.</summary>
    public const string Generate = "generate";
    /// <summary>The outputs are renamed into place; the store does not yet say done.</summary>
    public const string Commit = "commit";
    /// <summary>The store says done; the original is not yet moved.</summary>
    public const string Move = "move";

    static readonly string? PauseAt = Environment.GetEnvironmentVariable("LONGDOC_PAUSE_AT");

    public static void Reach(string point)
    {
        if (PauseAt != point) return;
        var marker = Environment.GetEnvironmentVariable("LONGDOC_PAUSE_MARKER");
        if (marker is not null) File.WriteAllText(marker, point);
        Thread.Sleep(Timeout.Infinite);
    }
}
