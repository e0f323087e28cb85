using System.IO.Compression;
using System.Text;

namespace LongDoc.Documents.Tests.Readers;

/// <summary>Small DOCX packages written part by part, for what the corpus lacks (footnotes, nested numbering, ...).</summary>
internal static class DocxTestPackages
{
    const string W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main";
    const string R = "http://schemas.openxmlformats.org/officeDocument/2006/relationships";
    const string Rel = "http://schemas.openxmlformats.org/officeDocument/2006/relationships";

    /// <summary>A package whose body is <paramref name="body"/> (w: elements), with optional styles, numbering and footnotes parts.</summary>
    public static byte[] Make(string body, string? styles = null, string? numbering = null, string? footnotes = null)
    {
        var parts = new List<(string Name, string Xml)>
        {
            ("word/document.xml", $"<w:document xmlns:w=\"{W}\" xmlns:r=\"{R}\"><w:body>{body}</w:body></w:document>"),
        };
        var rels = new StringBuilder();
        var types = new StringBuilder("<Override PartName=\"/word/document.xml\" ContentType=\"application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml\"/>");
        void Part(string? xml, string root, string file, string relType, string contentType)
        {
            if (xml is null) return;
            parts.Add(($"word/{file}", $"<w:{root} xmlns:w=\"{W}\">{xml}</w:{root}>"));
            rels.Append($"<Relationship Id=\"r{file.Length}{root}\" Type=\"{Rel}/{relType}\" Target=\"{file}\"/>");
            types.Append($"<Override PartName=\"/word/{file}\" ContentType=\"application/vnd.openxmlformats-officedocument.wordprocessingml.{contentType}+xml\"/>");
        }
        Part(styles, "styles", "styles.xml", "styles", "styles");
        Part(numbering, "numbering", "numbering.xml", "numbering", "numbering");
        Part(footnotes, "footnotes", "footnotes.xml", "footnotes", "footnotes");
        parts.Add(("word/_rels/document.xml.rels", $"<Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\">{rels}</Relationships>"));
        parts.Add(("_rels/.rels", "<Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\">"
            + $"<Relationship Id=\"rId1\" Type=\"{Rel}/officeDocument\" Target=\"word/document.xml\"/></Relationships>"));
        parts.Add(("[Content_Types].xml", "<Types xmlns=\"http://schemas.openxmlformats.org/package/2006/content-types\">"
            + "<Default Extension=\"rels\" ContentType=\"application/vnd.openxmlformats-package.relationships+xml\"/>"
            + $"<Default Extension=\"xml\" ContentType=\"application/xml\"/>{types}</Types>"));
        return Zip(parts.Select(p => (p.Name, Encoding.UTF8.GetBytes(p.Xml))));
    }

    public static byte[] Zip(IEnumerable<(string Name, byte[] Bytes)> entries)
    {
        using var ms = new MemoryStream();
        using (var zip = new ZipArchive(ms, ZipArchiveMode.Create, leaveOpen: true))
            foreach (var (name, bytes) in entries)
            {
                using var s = zip.CreateEntry(name, CompressionLevel.Optimal).Open();
                s.Write(bytes);
            }
        return ms.ToArray();
    }

    public static string P(string text, string? style = null, string? extraProps = null) =>
        $"<w:p><w:pPr>{(style is null ? "" : $"<w:pStyle w:val=\"{style}\"/>")}{extraProps}</w:pPr><w:r><w:t xml:space=\"preserve\">{text}</w:t></w:r></w:p>";

    public static string ListP(string text, int numId, int level) =>
        P(text, extraProps: $"<w:numPr><w:ilvl w:val=\"{level}\"/><w:numId w:val=\"{numId}\"/></w:numPr>");

    /// <summary>Built-in heading styles as Word writes them (id "Heading2", name "heading 2"), plus Title and Caption.</summary>
    public static string HeadingStyles =>
        "<w:style w:type=\"paragraph\" w:default=\"1\" w:styleId=\"Normal\"><w:name w:val=\"Normal\"/></w:style>"
        + "<w:style w:type=\"paragraph\" w:styleId=\"Title\"><w:name w:val=\"Title\"/><w:basedOn w:val=\"Normal\"/></w:style>"
        + "<w:style w:type=\"paragraph\" w:styleId=\"Heading1\"><w:name w:val=\"heading 1\"/><w:basedOn w:val=\"Normal\"/><w:pPr><w:outlineLvl w:val=\"0\"/></w:pPr></w:style>"
        + "<w:style w:type=\"paragraph\" w:styleId=\"berschrift2\"><w:name w:val=\"heading 2\"/><w:basedOn w:val=\"Normal\"/></w:style>"
        + "<w:style w:type=\"paragraph\" w:styleId=\"MyChapter\"><w:name w:val=\"My Chapter\"/><w:basedOn w:val=\"Normal\"/><w:pPr><w:outlineLvl w:val=\"2\"/></w:pPr></w:style>"
        + "<w:style w:type=\"paragraph\" w:styleId=\"Caption\"><w:name w:val=\"caption\"/><w:basedOn w:val=\"Normal\"/></w:style>";

    /// <summary>numId 1: decimal "%1." then lowerLetter "%2)"; numId 2: bullets; numId 3: the same list as 1, restarted at 5.</summary>
    public static string Numbering =>
        "<w:abstractNum w:abstractNumId=\"10\"><w:lvl w:ilvl=\"0\"><w:start w:val=\"1\"/><w:numFmt w:val=\"decimal\"/><w:lvlText w:val=\"%1.\"/></w:lvl>"
        + "<w:lvl w:ilvl=\"1\"><w:start w:val=\"1\"/><w:numFmt w:val=\"lowerLetter\"/><w:lvlText w:val=\"%2)\"/></w:lvl></w:abstractNum>"
        + "<w:abstractNum w:abstractNumId=\"20\"><w:lvl w:ilvl=\"0\"><w:numFmt w:val=\"bullet\"/><w:lvlText w:val=\"\uF0B7\"/></w:lvl></w:abstractNum>"
        + "<w:num w:numId=\"1\"><w:abstractNumId w:val=\"10\"/></w:num>"
        + "<w:num w:numId=\"2\"><w:abstractNumId w:val=\"20\"/></w:num>"
        + "<w:num w:numId=\"3\"><w:abstractNumId w:val=\"10\"/><w:lvlOverride w:ilvl=\"0\"><w:startOverride w:val=\"5\"/></w:lvlOverride></w:num>";
}
