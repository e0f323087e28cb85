using LongDoc.Documents.Readers;
using static LongDoc.Documents.Tests.Readers.OfficeTestPackages;
using static LongDoc.Documents.Tests.Readers.ReaderTestSupport;

namespace LongDoc.Documents.Tests.Readers;

/// <summary>Excel: sheets as sections on pages of their own, tables with header rows, cached values, hidden sheets.</summary>
public class XlsxDocumentReaderTests
{
    static Document Read(byte[] bytes) => DocumentReaders.Read(bytes, "book.xlsx");

    [Fact]
    public void Xlsx_TwoSheets_EachAHeadedSectionOnItsOwnPage()
    {
        var doc = Read(Xlsx(["Name", "Ada", "Total"],
            new Sheet("People", Row(1, "A1=s:0") + Row(2, "A2=s:1")),
            new Sheet("Sums", Row(1, "A1=s:2", "B1=n:12.5"))));
        Assert.Equal(DocumentFormat.Xlsx, doc.Format);
        Assert.Equal(2, doc.PageCount);
        Assert.Equal([("People", 1), ("Sums", 2)], doc.Blocks.Where(b => b.Kind == BlockKind.Heading).Select(b => (b.Text, b.FirstPage)));
        var sums = doc.Blocks.Single(b => b.Kind == BlockKind.Table && b.FirstPage == 2);
        Assert.Equal(["Sums"], sums.Section);
        Assert.Equal([["Total", "12.5"]], sums.Rows);
        AssertSpans(doc);
    }

    [Fact]
    public void Xlsx_Formulas_CachedValuesNotFormulas()
    {
        var doc = Read(Xlsx(["Total"], new Sheet("S", Row(1, "A1=s:0", "B1=f:SUM(C1:C9)=42", "C1=f:1/3=0.333333333333333314829616256247"))));
        var table = doc.Blocks.Single(b => b.Kind == BlockKind.Table);
        Assert.Equal([["Total", "42", "0.333333333333333"]], table.Rows);
        Assert.DoesNotContain("SUM", doc.Text);
    }

    [Fact]
    public void Xlsx_FormulaWithoutCachedValue_EmptyAndWarned()
    {
        var doc = Read(Xlsx([], new Sheet("S", Row(1, "A1=n:1", "B1=f:A1*2"))));
        Assert.Equal([["1"]], doc.Blocks.Single(b => b.Kind == BlockKind.Table).Rows);
        Assert.Contains(doc.Warnings, w => w.Contains("1 formula cell(s) have no cached value"));
    }

    [Fact]
    public void Xlsx_HiddenSheet_MarkedInItsHeadingAndWarned()
    {
        var doc = Read(Xlsx([], new Sheet("Visible", Row(1, "A1=n:1")), new Sheet("Secret rates", Row(1, "A1=n:7"), Hidden: true)));
        Assert.Equal(["Visible", "Secret rates (hidden sheet)"], doc.Blocks.Where(b => b.Kind == BlockKind.Heading).Select(b => b.Text));
        Assert.Contains(doc.Warnings, w => w.Contains("'Secret rates'"));
    }

    [Fact]
    public void Xlsx_BlankRow_SplitsTablesEachWithItsHeaderRow()
    {
        var doc = Read(Xlsx(["Item", "Qty", "Notes"],
            new Sheet("S", Row(1, "A1=s:0", "B1=s:1") + Row(2, "A2=i:Apples", "B2=n:3") + Row(4, "A4=s:2") + Row(5, "A5=i:ask Bob"))));
        var tables = doc.Blocks.Where(b => b.Kind == BlockKind.Table).ToArray();
        Assert.Equal(2, tables.Length);
        Assert.Equal([["Item", "Qty"], ["Apples", "3"]], tables[0].Rows);
        Assert.Equal([["Notes"], ["ask Bob"]], tables[1].Rows);
    }

    [Fact]
    public void Xlsx_SparseColumns_OnlyUsedColumnsKeptInPlace()
    {
        var doc = Read(Xlsx([], new Sheet("S", Row(1, "A1=i:a", "XFD1=i:far") + Row(2, "XFD2=i:z"))));
        Assert.Equal([["a", "far"], ["", "z"]], doc.Blocks.Single(b => b.Kind == BlockKind.Table).Rows);
    }

    [Fact]
    public void Xlsx_DatesBooleansPercentages_ShownAsExcelShowsThem()
    {
        var doc = Read(Xlsx([], new Sheet("S", Row(1, "A1=d1:45000", "B1=d2:45000.5", "C1=b:1", "D1=d3:0.25"))));
        Assert.Equal([["2023-03-15", "2023-03-15 12:00:00", "TRUE", "25%"]], doc.Blocks.Single(b => b.Kind == BlockKind.Table).Rows);
    }

    [Fact]
    public void Xlsx_LibreOfficeBudget_CachedTotalsAndTwoTables()
    {
        // TestData/office/budget.xlsx: LibreOffice Calc's import of budget.csv (formulas evaluated on import).
        var doc = DocumentReaders.ReadFile(DataPath("office", "budget.xlsx"));
        var tables = doc.Blocks.Where(b => b.Kind == BlockKind.Table).ToArray();
        Assert.Equal(["Item", "Quantity", "Price", "Total"], tables[0].Rows![0]);
        Assert.Equal(["Sum", "", "", "3"], tables[0].Rows![3]);
        Assert.Equal([["Notes"], ["Second table after a blank row"]], tables[1].Rows);
        Assert.Equal(["budget"], tables[0].Section);
    }
}
