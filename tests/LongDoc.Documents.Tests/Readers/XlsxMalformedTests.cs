using System.Text;
using LongDoc.Documents.Readers;
using static LongDoc.Documents.Tests.Readers.OfficeTestPackages;
using static LongDoc.Documents.Tests.Readers.ReaderTestSupport;

namespace LongDoc.Documents.Tests.Readers;

/// <summary>Hostile or broken XLSX input: one clear <see cref="DocumentReadException"/> naming the file, quickly.</summary>
public class XlsxMalformedTests
{
    static DocumentReadException Fails(byte[] bytes, ReadOptions? options = null) =>
        Bounded(() => Assert.Throws<DocumentReadException>(() => DocumentReaders.Read(bytes, "bad.xlsx", options)));

    static string Rows(int count) => string.Concat(Enumerable.Range(1, count).Select(r => Row(r, $"A{r}=n:{r}", $"B{r}=n:{r}")));

    [Fact]
    public void Xlsx_Truncated_ErrorNamesTheFile()
    {
        var bytes = Xlsx([], new Sheet("S", Rows(50)));
        var e = Fails(bytes[..(bytes.Length * 2 / 3)]);
        Assert.Equal("bad.xlsx", e.File);
    }

    [Fact]
    public void Xlsx_RowsOverTheLimit_ErrorNamesSheetAndLimit()
    {
        var e = Fails(Xlsx([], new Sheet("Ledger", Rows(150))), ReadOptions.Default with { MaxSheetRows = 100 });
        Assert.Contains("sheet 'Ledger' has over 100 rows", e.Problem);
    }

    [Fact]
    public void Xlsx_CellsOverTheLimit_ErrorNamesSheetAndLimit()
    {
        var e = Fails(Xlsx([], new Sheet("Ledger", Rows(150))), ReadOptions.Default with { MaxSheetCells = 200 });
        Assert.Contains("over 200 cells", e.Problem);
    }

    [Fact]
    public void Xlsx_DiagonalSparseTable_AreaCountsAgainstTheCellLimit()
    {
        // 300 cells, but as one table they span 300 x 300 = 90,000 cells once the empty ones are filled in.
        var diagonal = string.Concat(Enumerable.Range(1, 300).Select(r => Row(r, $"{Column(r)}{r}=n:{r}")));
        var e = Fails(Xlsx([], new Sheet("Diagonal", diagonal)), ReadOptions.Default with { MaxSheetCells = 10_000 });
        Assert.Contains("300 rows by 300 columns", e.Problem);
    }

    [Fact]
    public void Xlsx_HugeSheet_StoppedAtTheDefaultRowLimit()
    {
        var rows = new StringBuilder();
        for (int r = 1; r <= ReadOptions.Default.MaxSheetRows + 1; r++) rows.Append("<row><c><v>1</v></c></row>");
        var e = Fails(Xlsx([], new Sheet("Big", rows.ToString())));
        Assert.Contains($"sheet 'Big' has over {ReadOptions.Default.MaxSheetRows:N0} rows", e.Problem);
    }

    [Fact]
    public void Xlsx_ZipBomb_RejectedByCompressionRatio()
    {
        var bomb = DocxTestPackages.Zip([("xl/workbook.xml", new byte[16 << 20])]);
        Assert.Contains("zip bomb", Fails(bomb).Problem);
    }

    [Fact]
    public void Xlsx_DeeplyNestedCell_ErrorNotHang()
    {
        var deep = string.Concat(Enumerable.Repeat("<r>", 5_000)) + string.Concat(Enumerable.Repeat("</r>", 5_000));
        var e = Fails(Xlsx([], new Sheet("S", $"<row r=\"1\"><c r=\"A1\" t=\"inlineStr\"><is>{deep}</is></c></row>")));
        Assert.Contains("nested deeper", e.Problem);
    }

    [Fact]
    public void Xlsx_SharedStringIndexOutOfRange_EmptyCellNotCrash()
    {
        var doc = DocumentReaders.Read(Xlsx(["only"], new Sheet("S", Row(1, "A1=s:0", "B1=s:99"))), "odd.xlsx");
        Assert.Equal([["only"]], doc.Blocks.Single(b => b.Kind == BlockKind.Table).Rows);
    }

    static string Column(int n) { var s = ""; for (; n > 0; n = (n - 1) / 26) s = (char)('A' + (n - 1) % 26) + s; return s; }
}
