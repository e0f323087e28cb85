using LongDoc.Samples.Generator.Facts;
using LongDoc.Samples.Generator.Prose;

namespace LongDoc.Samples.Generator.Report;

/// <summary>A chapter (level-1 heading). A two-column chapter is set on a single page in two columns.</summary>
public sealed record Chapter(string Title, IReadOnlyList<Section> Sections, bool TwoColumn = false);

/// <summary>
/// A section (level-2 heading): <see cref="Paragraphs"/> paragraphs of filler on <see cref="Topic"/>,
/// with each fact's sentence spliced into one of them, and an optional table after the prose followed
/// by <see cref="ParagraphsAfterTable"/> more paragraphs of commentary.
/// </summary>
public sealed record Section(string Title, Topic Topic, int Paragraphs, IReadOnlyList<FactSpec> Facts, TableSpec? Table = null, int ParagraphsAfterTable = 0);

/// <summary>A table with a header row; facts point at cells whose text is exactly the answer.</summary>
public sealed record TableSpec(string Caption, string[] Header, string[][] Rows, IReadOnlyList<CellFact> Facts);

public sealed record CellFact(FactSpec Spec, int Row, int Column);
