using LongDoc.Documents.Readers;
using static LongDoc.Documents.Tests.Readers.ReaderTestSupport;

namespace LongDoc.Documents.Tests.Readers;

/// <summary>XLSX files from calamine's test suite (MIT, TestData/xlsx/LICENSE-calamine.txt): made by Excel and LibreOffice, not by us.</summary>
public class XlsxCorpusTests
{
    static IReadOnlyList<IReadOnlyList<string>> FirstTable(string name) =>
        DocumentReaders.ReadFile(DataPath("xlsx", name)).Blocks.First(b => b.Kind == BlockKind.Table).Rows!;

    [Fact]
    public void Xlsx_ErrorFormulas_CachedErrorCodes()
    {
        Assert.Equal(["#DIV/0!", "#NAME?", "#VALUE!", "#NULL!", "#REF!", "#NUM!", "#N/A"], FirstTable("errors.xlsx").Select(r => r[0]));
    }

    [Fact]
    public void Xlsx_DateAndElapsedFormats_ShownAsDatesAndDurations()
    {
        var rows = FirstTable("date.xlsx");
        Assert.Equal(["2021-01-01", "15"], rows[0]);
        Assert.Equal(["2021-01-02", "16"], rows[1]);
        Assert.Equal(["255:10:10", "17"], rows[2]);
    }

    [Fact]
    public void Xlsx_PhoneticGuides_LeftOutOfTheText()
    {
        // The reading "カ", "ケ" is left out; table cells are normalized inline (the ideographic space becomes a space).
        Assert.Equal("課きく 毛こ", FirstTable("rph.xlsx")[0][0]);
    }

    [Fact]
    public void Xlsx_NamespacePrefixedParts_Read()
    {
        var doc = DocumentReaders.ReadFile(DataPath("xlsx", "richtext-namespaced.xlsx"));
        Assert.Contains("shared string Line 2 Line 3", doc.Text);
        Assert.Equal(3, doc.PageCount);
    }
}
