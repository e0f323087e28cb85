using LongDoc.Tasks.Answers;

namespace LongDoc.Tasks.Collections;

/// <summary>One document's own summary (Markdown, as written for it alone), the map step of a collection's summary.</summary>
public sealed record DocumentDigest(DocumentRef Document, string Summary);

/// <summary>
/// A summary of a collection: an <see cref="Overview"/> of all its documents, whose references "[D1]" name the
/// <see cref="Documents"/> in order (<see cref="DocumentRef.Label"/>), and each document's own summary.
/// <see cref="Model"/> names the model that wrote the overview (null in extractive mode).
/// </summary>
public sealed record CollectionSummary(string Name, TaskMode Mode, string Overview, IReadOnlyList<DocumentDigest> Documents, string? Model = null);
