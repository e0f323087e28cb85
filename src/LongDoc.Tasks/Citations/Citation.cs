namespace LongDoc.Tasks.Citations;

/// <summary>
/// A claim that <see cref="Quote"/> is on page <see cref="Page"/> (1-based) of the document, in
/// <see cref="Section"/> (the heading path, " > "-joined; empty when unknown). <see cref="Verified"/> is set by
/// <see cref="CitationVerifier"/>: true only when the quote was found in that page's extracted text.
/// </summary>
public sealed record Citation(int Page, string Section, string Quote, bool Verified = false);
