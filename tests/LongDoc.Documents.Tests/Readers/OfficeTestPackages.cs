using System.Security;
using System.Text;

namespace LongDoc.Documents.Tests.Readers;

/// <summary>
/// Small PPTX and XLSX packages written part by part (content types and relationships included), for what the
/// LibreOffice-made files in TestData/office lack: placeholders that inherit positions, notes, hidden slides and
/// sheets, shared strings, dates, formulas without cached values, and hostile shapes.
/// </summary>
internal static class OfficeTestPackages
{
    public const string P = "http://schemas.openxmlformats.org/presentationml/2006/main";
    public const string A = "http://schemas.openxmlformats.org/drawingml/2006/main";
    public const string S = "http://schemas.openxmlformats.org/spreadsheetml/2006/main";
    const string R = "http://schemas.openxmlformats.org/officeDocument/2006/relationships";
    const string PkgRels = "http://schemas.openxmlformats.org/package/2006/relationships";
    const string Pml = "application/vnd.openxmlformats-officedocument.presentationml.";
    const string Sml = "application/vnd.openxmlformats-officedocument.spreadsheetml.";

    sealed record Part(string Name, string Xml, string ContentType, List<(string Target, string Type)> Rels);

    sealed class Builder
    {
        public readonly List<Part> Parts = [];
        public Part Add(string name, string xml, string contentType) { var p = new Part(name, xml, contentType, []); Parts.Add(p); return p; }

        public byte[] Zip(string main)
        {
            var entries = new List<(string, byte[])>();
            var types = new StringBuilder($"<Types xmlns=\"http://schemas.openxmlformats.org/package/2006/content-types\"><Default Extension=\"rels\" ContentType=\"application/vnd.openxmlformats-package.relationships+xml\"/><Default Extension=\"xml\" ContentType=\"application/xml\"/>");
            foreach (var p in Parts)
            {
                types.Append($"<Override PartName=\"/{p.Name}\" ContentType=\"{p.ContentType}\"/>");
                entries.Add((p.Name, Encoding.UTF8.GetBytes(p.Xml)));
                if (p.Rels.Count == 0) continue;
                var dir = Path.GetDirectoryName(p.Name)!.Replace('\\', '/');
                var rels = string.Concat(p.Rels.Select((r, i) => $"<Relationship Id=\"rId{i + 1}\" Type=\"{R}/{r.Type}\" Target=\"/{r.Target}\"/>"));
                entries.Add(($"{dir}/_rels/{Path.GetFileName(p.Name)}.rels", Encoding.UTF8.GetBytes($"<Relationships xmlns=\"{PkgRels}\">{rels}</Relationships>")));
            }
            entries.Add(("[Content_Types].xml", Encoding.UTF8.GetBytes(types.Append("</Types>").ToString())));
            entries.Add(("_rels/.rels", Encoding.UTF8.GetBytes($"<Relationships xmlns=\"{PkgRels}\"><Relationship Id=\"rId1\" Type=\"{R}/officeDocument\" Target=\"{main}\"/></Relationships>")));
            return DocxTestPackages.Zip(entries);
        }
    }

    // ---- PowerPoint ----

    /// <summary>One slide: its shape tree's shapes (see the helpers below), its speaker notes, and whether it is hidden.</summary>
    public sealed record Slide(string Shapes, string? Notes = null, bool Hidden = false);

    /// <summary>A presentation whose layout puts the title at y=300,000 EMU and the body (idx 1) at y=1,600,000.</summary>
    public static byte[] Pptx(params Slide[] slides)
    {
        var b = new Builder();
        var presentation = b.Add("ppt/presentation.xml", "", Pml + "presentation.main+xml");
        var master = b.Add("ppt/slideMasters/slideMaster1.xml",
            $"<p:sldMaster xmlns:p=\"{P}\" xmlns:a=\"{A}\" xmlns:r=\"{R}\"><p:cSld>{Tree(Title("", 600_000) + Body(1, 2_000_000))}</p:cSld><p:sldLayoutIdLst><p:sldLayoutId id=\"2147483649\" r:id=\"rId1\"/></p:sldLayoutIdLst></p:sldMaster>",
            Pml + "slideMaster+xml");
        var layout = b.Add("ppt/slideLayouts/slideLayout1.xml",
            $"<p:sldLayout xmlns:p=\"{P}\" xmlns:a=\"{A}\" xmlns:r=\"{R}\"><p:cSld>{Tree(Title("", 300_000) + Body(1, 1_600_000))}</p:cSld></p:sldLayout>",
            Pml + "slideLayout+xml");
        master.Rels.Add((layout.Name, "slideLayout"));
        layout.Rels.Add((master.Name, "slideMaster"));
        presentation.Rels.Add((master.Name, "slideMaster"));
        var ids = new StringBuilder();
        for (int i = 0; i < slides.Length; i++)
        {
            var s = slides[i];
            var slide = b.Add($"ppt/slides/slide{i + 1}.xml",
                $"<p:sld xmlns:p=\"{P}\" xmlns:a=\"{A}\" xmlns:r=\"{R}\"{(s.Hidden ? " show=\"0\"" : "")}><p:cSld>{Tree(s.Shapes)}</p:cSld></p:sld>", Pml + "slide+xml");
            slide.Rels.Add((layout.Name, "slideLayout"));
            if (s.Notes is not null)
            {
                var notes = b.Add($"ppt/notesSlides/notesSlide{i + 1}.xml",
                    $"<p:notes xmlns:p=\"{P}\" xmlns:a=\"{A}\"><p:cSld>{Tree(Placeholder("sldImg", null, null, "") + Placeholder("body", 1, null, Paragraphs(s.Notes.Split('\n'))))}</p:cSld></p:notes>",
                    Pml + "notesSlide+xml");
                slide.Rels.Add((notes.Name, "notesSlide"));
            }
            presentation.Rels.Add((slide.Name, "slide"));
            ids.Append($"<p:sldId id=\"{256 + i}\" r:id=\"rId{i + 2}\"/>");
        }
        b.Parts[0] = presentation with
        {
            Xml = $"<p:presentation xmlns:p=\"{P}\" xmlns:r=\"{R}\"><p:sldMasterIdLst><p:sldMasterId id=\"2147483648\" r:id=\"rId1\"/></p:sldMasterIdLst>"
                + $"<p:sldIdLst>{ids}</p:sldIdLst><p:sldSz cx=\"9144000\" cy=\"6858000\"/><p:notesSz cx=\"6858000\" cy=\"9144000\"/></p:presentation>",
        };
        return b.Zip("ppt/presentation.xml");
    }

    static string Tree(string shapes) =>
        $"<p:spTree><p:nvGrpSpPr><p:cNvPr id=\"1\" name=\"\"/><p:cNvGrpSpPr/><p:nvPr/></p:nvGrpSpPr><p:grpSpPr/>{shapes}</p:spTree>";

    static string Xfrm(long x, long y, long cx = 3_000_000, long cy = 400_000) =>
        $"<a:xfrm><a:off x=\"{x}\" y=\"{y}\"/><a:ext cx=\"{cx}\" cy=\"{cy}\"/></a:xfrm>";

    public static string Paragraphs(IEnumerable<string> lines) =>
        string.Concat(lines.Select(l => $"<a:p><a:r><a:t>{SecurityElement.Escape(l)}</a:t></a:r></a:p>"));

    static string Placeholder(string? type, int? idx, string? xfrm, string paragraphs) =>
        $"<p:sp><p:nvSpPr><p:cNvPr id=\"2\" name=\"ph\"/><p:cNvSpPr/><p:nvPr><p:ph{(type is null ? "" : $" type=\"{type}\"")}{(idx is null ? "" : $" idx=\"{idx}\"")}/></p:nvPr></p:nvSpPr>"
        + $"<p:spPr>{xfrm}</p:spPr><p:txBody><a:bodyPr/>{paragraphs}</p:txBody></p:sp>";

    /// <summary>A title placeholder; with <paramref name="y"/> it has its own position, else it inherits the layout's.</summary>
    public static string Title(string text, long? y = null) => Placeholder("title", null, y is { } t ? Xfrm(600_000, t) : null, Paragraphs([text]));

    /// <summary>A body placeholder of index <paramref name="idx"/> (bulleted paragraphs), positioned like <see cref="Title"/>.</summary>
    public static string Body(int idx, long? y = null, params string[] lines) => Placeholder(null, idx, y is { } t ? Xfrm(600_000, t, 8_000_000, 4_000_000) : null, Paragraphs(lines));

    public static string TextBox(string text, long x, long y, long cx = 3_000_000, long cy = 400_000) =>
        $"<p:sp><p:nvSpPr><p:cNvPr id=\"3\" name=\"box\"/><p:cNvSpPr txBox=\"1\"/><p:nvPr/></p:nvSpPr><p:spPr>{Xfrm(x, y, cx, cy)}</p:spPr><p:txBody><a:bodyPr/>{Paragraphs(text.Split('\n'))}</p:txBody></p:sp>";

    public static string Table(long x, long y, params string[][] rows) =>
        $"<p:graphicFrame><p:nvGraphicFramePr><p:cNvPr id=\"4\" name=\"table\"/><p:cNvGraphicFramePr/><p:nvPr/></p:nvGraphicFramePr><p:xfrm><a:off x=\"{x}\" y=\"{y}\"/><a:ext cx=\"6000000\" cy=\"1000000\"/></p:xfrm>"
        + $"<a:graphic><a:graphicData uri=\"http://schemas.openxmlformats.org/drawingml/2006/table\"><a:tbl><a:tblGrid/>"
        + string.Concat(rows.Select(r => "<a:tr h=\"300000\">" + string.Concat(r.Select(c => $"<a:tc><a:txBody><a:bodyPr/>{Paragraphs([c])}</a:txBody></a:tc>")) + "</a:tr>"))
        + "</a:tbl></a:graphicData></a:graphic></p:graphicFrame>";

    public static string Group(long x, long y, string inner) =>
        $"<p:grpSp><p:nvGrpSpPr><p:cNvPr id=\"5\" name=\"group\"/><p:cNvGrpSpPr/><p:nvPr/></p:nvGrpSpPr><p:grpSpPr><a:xfrm><a:off x=\"{x}\" y=\"{y}\"/><a:ext cx=\"100\" cy=\"100\"/><a:chOff x=\"0\" y=\"0\"/><a:chExt cx=\"100\" cy=\"100\"/></a:xfrm></p:grpSpPr>{inner}</p:grpSp>";

    // ---- Excel ----

    /// <summary>One sheet: its name, its sheetData rows (see <see cref="Row"/>), and whether it is hidden.</summary>
    public sealed record Sheet(string Name, string Rows, bool Hidden = false);

    /// <summary>A workbook with <paramref name="shared"/> as its shared strings; style 1 is the built-in date format 14,
    /// style 2 the custom format "dd/mm/yyyy", style 3 the built-in percentage 9.</summary>
    public static byte[] Xlsx(string[] shared, params Sheet[] sheets)
    {
        var b = new Builder();
        var workbook = b.Add("xl/workbook.xml", $"<workbook xmlns=\"{S}\" xmlns:r=\"{R}\"><sheets>"
            + string.Concat(sheets.Select((s, i) => $"<sheet name=\"{SecurityElement.Escape(s.Name)}\" sheetId=\"{i + 1}\"{(s.Hidden ? " state=\"hidden\"" : "")} r:id=\"rId{i + 1}\"/>"))
            + "</sheets></workbook>", Sml + "sheet.main+xml");
        for (int i = 0; i < sheets.Length; i++)
        {
            var sheet = b.Add($"xl/worksheets/sheet{i + 1}.xml", $"<worksheet xmlns=\"{S}\"><sheetData>{sheets[i].Rows}</sheetData></worksheet>", Sml + "worksheet+xml");
            workbook.Rels.Add((sheet.Name, "worksheet"));
        }
        var strings = b.Add("xl/sharedStrings.xml", $"<sst xmlns=\"{S}\">" + string.Concat(shared.Select(s => $"<si><t>{SecurityElement.Escape(s)}</t></si>")) + "</sst>", Sml + "sharedStrings+xml");
        var styles = b.Add("xl/styles.xml", $"<styleSheet xmlns=\"{S}\"><numFmts count=\"1\"><numFmt numFmtId=\"164\" formatCode=\"dd/mm/yyyy\"/></numFmts>"
            + "<cellXfs count=\"4\"><xf numFmtId=\"0\"/><xf numFmtId=\"14\"/><xf numFmtId=\"164\"/><xf numFmtId=\"9\"/></cellXfs></styleSheet>", Sml + "styles+xml");
        workbook.Rels.Add((strings.Name, "sharedStrings"));
        workbook.Rels.Add((styles.Name, "styles"));
        return b.Zip("xl/workbook.xml");
    }

    /// <summary>A row of cells given as "A1=s:0" (shared string 0), "B1=n:2.5", "C1=f:B1*2=5" (formula with cached value),
    /// "C1=f:B1*2" (formula without one), "D1=b:1", "E1=d1:45000" (number in style 1), "F1=i:inline text".</summary>
    public static string Row(int index, params string[] cells) =>
        $"<row r=\"{index}\">" + string.Concat(cells.Select(Cell)) + "</row>";

    static string Cell(string spec)
    {
        var (reference, rest) = (spec[..spec.IndexOf('=')], spec[(spec.IndexOf('=') + 1)..]);
        var (kind, value) = (rest[..rest.IndexOf(':')], rest[(rest.IndexOf(':') + 1)..]);
        return kind switch
        {
            "s" => $"<c r=\"{reference}\" t=\"s\"><v>{value}</v></c>",
            "b" => $"<c r=\"{reference}\" t=\"b\"><v>{value}</v></c>",
            "i" => $"<c r=\"{reference}\" t=\"inlineStr\"><is><t>{SecurityElement.Escape(value)}</t></is></c>",
            "f" when value.Split('=') is [var f, var cached] => $"<c r=\"{reference}\"><f>{f}</f><v>{cached}</v></c>",
            "f" => $"<c r=\"{reference}\"><f>{value}</f></c>",
            ['d', var style] => $"<c r=\"{reference}\" s=\"{style}\"><v>{value}</v></c>",
            _ => $"<c r=\"{reference}\"><v>{value}</v></c>",
        };
    }
}
