using LongDoc.Documents;

namespace LongDoc.Tasks.Tests;

/// <summary>Small hand-made documents: one paragraph block per page, under one heading.</summary>
static class Documents
{
    public static Document FromPages(params string[] pages)
    {
        var blocks = new List<Block>();
        var text = new System.Text.StringBuilder();
        for (int p = 0; p < pages.Length; p++)
        {
            if (text.Length > 0) text.Append("\n\n");
            int start = text.Length;
            text.Append(pages[p]);
            blocks.Add(new Block(BlockKind.Paragraph, 0, pages[p], [p + 1], ["Chapter"], start, text.Length));
        }
        return new Document
        {
            Id = "test", Source = "test.txt", Format = LongDoc.Documents.DocumentFormat.Text, Title = "Test",
            Pages = [.. pages.Select((t, i) => new Page(i + 1, t))], Blocks = blocks, Text = text.ToString(),
        };
    }

    /// <summary>Drilling notes on 5 pages; the sentence about the core's depth runs from page 4 onto page 5.</summary>
    public static Document OverPageBreak()
    {
        var b = new DocumentBuilder("over"u8, "over.pdf", LongDoc.Documents.DocumentFormat.Pdf);
        b.AddHeading(1, "Ice Core Drilling", 1);
        b.AddParagraph("The drilling season began in November.", 1);
        const string raw = "The camp was moved in March. The core was drilled to a depth of 412 metres and then sealed for inspection by the glaciology team. A second core followed in April.";
        b.AddParagraph(raw, [(4, 0), (5, raw.IndexOf("sealed", StringComparison.Ordinal))]);
        b.AddParagraph("The winter crew counted 19 people.", 5);
        return b.Build();
    }

    /// <summary>What a reader makes of scanned pages: the pages, no text, no blocks.</summary>
    public static Document Scanned(int pages) => new()
    {
        Id = "scan", Source = "scan.pdf", Format = LongDoc.Documents.DocumentFormat.Pdf, Title = "Scan",
        Pages = [.. Enumerable.Range(1, pages).Select(i => new Page(i, ""))], Blocks = [], Text = "",
    };
}
