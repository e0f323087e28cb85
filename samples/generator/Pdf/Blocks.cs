namespace LongDoc.Samples.Generator.Pdf;

/// <summary>What the page layout flows: headings, paragraphs, a table, a two-column page.</summary>
public abstract record Block;

/// <summary>Level 1 starts a new page; both levels become bookmarks.</summary>
public sealed record HeadingBlock(int Level, string Text) : Block;

/// <summary>A span of the paragraph text that states a fact; it is never broken across lines.</summary>
public sealed record FactSpan(int Start, int Length, string FactId);

public sealed record ParagraphBlock(string Text, IReadOnlyList<FactSpan> Facts) : Block;

/// <summary>Cells whose text is a fact's answer are listed in <see cref="CellFacts"/> by (row, column).</summary>
public sealed record TableBlock(string Caption, string[] Header, string[][] Rows, double[] ColumnWidths,
    IReadOnlyDictionary<(int Row, int Column), string> CellFacts) : Block;

/// <summary>A chapter set on one page in two columns: heading across the top, blocks flowed left column then right.</summary>
public sealed record TwoColumnBlock(HeadingBlock Heading, IReadOnlyList<Block> Body) : Block;
