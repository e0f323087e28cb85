using System.Text;
using System.Text.Json;
using LongDoc.Documents.Rendering;

namespace LongDoc.Documents.Tests.Rendering;

public class DocumentRenderingTests
{
    static Document Sample()
    {
        var b = new DocumentBuilder(Encoding.UTF8.GetBytes("sample"), "report.pdf", DocumentFormat.Pdf) { Title = "Annual Report" };
        b.AddHeading(1, "Finances", 1);
        b.AddParagraph("Revenue grew by 12 percent.", 1);
        b.AddListItem(0, "Ship more", 2);
        b.AddListItem(1, "Ship faster", 2);
        b.AddTable([["Year", "Revenue"], ["2025", "4.2 | M"]], 2);
        b.AddFurniture(BlockKind.Footer, "Page 2", 2);
        return b.Build();
    }

    [Fact]
    public void Json_HasTheDocumentedFields()
    {
        var d = Sample();
        using var json = JsonDocument.Parse(DocumentJson.Serialize(d));
        var root = json.RootElement;
        Assert.Equal(d.Id, root.GetProperty("id").GetString());
        Assert.Equal("pdf", root.GetProperty("format").GetString());
        Assert.Equal("Annual Report", root.GetProperty("title").GetString());
        Assert.Equal(2, root.GetProperty("pageCount").GetInt32());
        Assert.Equal(2, root.GetProperty("pages").GetArrayLength());
        var table = root.GetProperty("blocks")[4];
        Assert.Equal("table", table.GetProperty("kind").GetString());
        Assert.Equal("4.2 | M", table.GetProperty("rows")[1][1].GetString());
        Assert.Equal(["Finances"], table.GetProperty("section").EnumerateArray().Select(e => e.GetString()!));
        var para = root.GetProperty("blocks")[1];
        Assert.Equal("Revenue grew by 12 percent.", d.Text[para.GetProperty("start").GetInt32()..para.GetProperty("end").GetInt32()]);
        Assert.Equal("footer", root.GetProperty("furniture")[0].GetProperty("kind").GetString());
    }

    [Fact]
    public void Json_ParagraphOverAPageBreak_HasPageStartsOthersNone()
    {
        var b = new DocumentBuilder(Encoding.UTF8.GetBytes("over"), "over.pdf", DocumentFormat.Pdf);
        b.AddParagraph("On one page.", 3);
        b.AddParagraph("Runs over the break.", [(3, 0), (4, 10)]);
        using var json = JsonDocument.Parse(DocumentJson.Serialize(b.Build()));
        var blocks = json.RootElement.GetProperty("blocks");
        Assert.False(blocks[0].TryGetProperty("pageStarts", out _));
        Assert.Equal([0, 10], blocks[1].GetProperty("pageStarts").EnumerateArray().Select(e => e.GetInt32()));
    }

    [Fact]
    public void Markdown_KeepsHeadingsListsAndTables()
    {
        var md = DocumentMarkdown.Render(Sample());
        Assert.Contains("## Finances", md);
        Assert.Contains("- Ship more\n  - Ship faster", md);
        Assert.Contains("| Year | Revenue |\n| --- | --- |\n| 2025 | 4.2 \\| M |", md);
        Assert.Contains("<!-- page 2 -->", md);
        Assert.DoesNotContain("Page 2\n", md);
    }

    [Fact]
    public void PlainText_MarksEveryPage()
    {
        var text = DocumentPlainText.Render(Sample());
        Assert.Contains("=== Page 1 ===\nFinances\n\nRevenue grew by 12 percent.", text);
        Assert.Contains("=== Page 2 ===\nShip more", text);
    }
}
