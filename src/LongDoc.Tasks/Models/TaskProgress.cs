namespace LongDoc.Tasks.Models;

/// <summary>
/// Where a job stands, in document terms: <see cref="Stage"/> says what is happening ("reading", "prefill",
/// "map 2/5", "answer"); pages read so far of the document's pages; prompt tokens prefilled of the prompt's total
/// and the prefill speed; <see cref="Eta"/> is the time the prefill still needs at that speed (null before a
/// speed is known).
/// </summary>
public sealed record TaskProgress(
    string Stage,
    int PagesRead,
    int TotalPages,
    int TokensPrefilled = 0,
    int TokensTotal = 0,
    double TokensPerSecond = 0,
    TimeSpan? Eta = null);
