namespace LongDoc.Samples.Generator.Prose;

/// <summary>
/// Phrase pools for one subject area. Activities are past-tense verb phrases, so any actor fits
/// without number agreement; outcomes are whole clauses in lower case. No pool may contain a digit:
/// the filler must never collide with a fact's answer (facts are numbers, dates and names).
/// </summary>
public sealed record Topic(
    string Name,
    string[] Actors,
    string[] Activities,
    string[] Settings,
    string[] Objects,
    string[] Reasons,
    string[] Outcomes);
