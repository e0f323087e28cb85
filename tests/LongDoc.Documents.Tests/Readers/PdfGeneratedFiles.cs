using System.Text;
using LongDoc.Testing.Documents;

namespace LongDoc.Documents.Tests.Readers;

/// <summary>
/// Writes small PDFs: plain body-size text with an outline, and, with a correct xref table, hostile object graphs: an outline item that is its own
/// child and sibling, a form XObject that draws itself, a page tree that lists itself, nesting past any sane depth, objects that are references to each other.
/// </summary>
static class PdfGeneratedFiles
{
    const string Font = "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>";
    const string Catalog = "<< /Type /Catalog /Pages 2 0 R >>";
    const string Pages = "<< /Type /Pages /Kids [3 0 R] /Count 1 >>";
    const string Page = "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R /Resources << /Font << /F1 5 0 R >> >> >>";
    public const string Phrase = "Hello hostile world";

    static string Stream(string content, string dict = "<<") => $"{dict} /Length {Encoding.ASCII.GetByteCount(content)} >>\nstream\n{content}\nendstream";
    const string TextContent = $"BT /F1 12 Tf 72 720 Td ({Phrase}) Tj ET";
    static string Text => Stream(TextContent);

    /// <summary>Objects 1..n in order; the xref offsets are computed, so only the graph is hostile.</summary>
    public static byte[] Build(IReadOnlyList<string> objects, string trailerExtra = "") => PdfObjectFiles.Build(objects, trailerExtra);

    public static byte[] Plain() => Build([Catalog, Pages, Page, Text, Font]);

    /// <summary>Outline item 7 is its own /First child and its own /Next sibling (PdfPig 0.1.16 recursed on this until the stack overflowed).</summary>
    public static byte[] SelfReferencingOutline() => Build([
        "<< /Type /Catalog /Pages 2 0 R /Outlines 6 0 R >>", Pages, Page, Text, Font,
        "<< /Type /Outlines /First 7 0 R /Last 7 0 R /Count 1 >>",
        "<< /Title (Loop) /Parent 6 0 R /Next 7 0 R /First 7 0 R /Last 7 0 R /Dest [3 0 R /Fit] >>"]);

    /// <summary>An outline nested <paramref name="depth"/> levels deep (a chain of first children).</summary>
    public static byte[] DeepOutline(int depth)
    {
        var objects = new List<string> { "<< /Type /Catalog /Pages 2 0 R /Outlines 6 0 R >>", Pages, Page, Text, Font, "<< /Type /Outlines /First 7 0 R /Count 1 >>" };
        for (int i = 0; i < depth; i++)
            objects.Add($"<< /Title (Level {i}) /Parent {6 + i} 0 R {(i < depth - 1 ? $"/First {8 + i} 0 R " : "")}/Dest [3 0 R /Fit] >>");
        return Build(objects);
    }

    /// <summary>The named-destinations name tree's root lists itself among its /Kids (PdfPig 0.1.16 overflowed the stack opening it).</summary>
    public static byte[] SelfListingNameTree() => Build([
        "<< /Type /Catalog /Pages 2 0 R /Names << /Dests 6 0 R >> >>", Pages, Page, Text, Font, "<< /Kids [6 0 R] >>"]);

    /// <summary>A form XObject whose content stream draws the form itself.</summary>
    public static byte[] SelfDrawingForm() => Build([
        Catalog, Pages,
        "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R /Resources << /Font << /F1 5 0 R >> /XObject << /X 6 0 R >> >> >>",
        Stream($"BT /F1 12 Tf 72 720 Td ({Phrase}) Tj ET /X Do"), Font,
        Stream("BT /F1 12 Tf 72 700 Td (again) Tj ET /X Do", "<< /Type /XObject /Subtype /Form /BBox [0 0 612 792] /Resources << /Font << /F1 5 0 R >> /XObject << /X 6 0 R >> >>")]);

    /// <summary>The page tree node lists itself among its kids.</summary>
    public static byte[] SelfListingPageTree() => Build([Catalog, "<< /Type /Pages /Kids [2 0 R 3 0 R] /Count 2 >>", Page, Text, Font]);

    /// <summary>Issue 14's file: /Resources 5 0 R and 5 -> 6 -> 5; /MediaBox 7 0 R and 7 -> 8 -> 7.</summary>
    public static byte[] MutualReferences() => PdfObjectFiles.MutualReferences();

    /// <summary>Where a looping object (number 6) is used: each entry rewrites the plain file's objects 1-5 to use it.</summary>
    public static readonly Dictionary<string, Func<string[], string[]>> LoopUses = new()
    {
        ["mediabox"] = o => With(o, 2, Page.Replace("[0 0 612 792]", "6 0 R")),
        ["resources"] = o => With(o, 2, Page.Replace("<< /Font << /F1 5 0 R >> >>", "6 0 R")),
        ["font"] = o => With(o, 2, Page.Replace("/F1 5 0 R", "/F1 6 0 R")),
        ["contents"] = o => With(o, 2, Page.Replace("/Contents 4 0 R", "/Contents 6 0 R")),
        ["contents-array"] = o => With(o, 2, Page.Replace("/Contents 4 0 R", "/Contents [4 0 R 6 0 R]")),
        ["parent"] = o => With(o, 2, Page.Replace("/Parent 2 0 R", "/Parent 6 0 R")),
        ["kids"] = o => With(o, 1, Pages.Replace("[3 0 R]", "6 0 R")),
        ["pages"] = o => With(o, 0, Catalog.Replace("/Pages 2 0 R", "/Pages 6 0 R")),
        ["length"] = o => With(o, 3, Text.Replace($"/Length {Encoding.ASCII.GetByteCount(TextContent)}", "/Length 6 0 R")),
        ["outline"] = o => With(o, 0, "<< /Type /Catalog /Pages 2 0 R /Outlines 6 0 R >>"),
    };

    /// <summary>Loops of objects from number 6 on, each whole body a reference to the next; the last refers back to 6.</summary>
    public static readonly Dictionary<string, string[]> Loops = new()
    {
        ["self"] = ["6 0 R"],
        ["pair"] = ["7 0 R", "6 0 R"],
        ["array-pair"] = ["[7 0 R]", "[ 6 0 R ]"],
        ["commented-pair"] = ["% a comment\n7 0 R", "6 0 R % another"],
        ["long"] = [.. Enumerable.Range(7, 999).Select(n => $"{n} 0 R"), "6 0 R"],
    };

    public static byte[] Looping(string use, string loop) => Build([.. LoopUses[use]([Catalog, Pages, Page, Text, Font]), .. Loops[loop]]);

    /// <summary>The page's /MediaBox is object 6, a reference to 7, and so on <paramref name="links"/> times to the box itself.</summary>
    public static byte[] ReferenceChain(int links) => Build([
        Catalog, Pages, Page.Replace("[0 0 612 792]", "6 0 R"), Text, Font,
        .. Enumerable.Range(7, links - 1).Select(n => $"{n} 0 R"), "[0 0 612 792]"]);

    static string[] With(string[] objects, int index, string body) { objects[index] = body; return objects; }

    /// <summary>
    /// Four lines, all 12 pt Helvetica (so fonts say nothing about headings), spaced as separate blocks:
    /// "Introduction", a sentence, "Details", a sentence; with <paramref name="withOutline"/> the outline names
    /// "Introduction" (depth 0) and its child "Details" (depth 1).
    /// </summary>
    public static byte[] BodySizeHeadings(bool withOutline)
    {
        string[] lines = ["Introduction", "This paragraph explains the purpose of the document in plain words.", "Details", "Here are the details that follow the introduction section."];
        var content = string.Concat(lines.Select((l, i) => $"BT /F1 12 Tf 72 {720 - 30 * i} Td ({l}) Tj ET\n"));
        var catalog = withOutline ? "<< /Type /Catalog /Pages 2 0 R /Outlines 6 0 R >>" : Catalog;
        return Build([
            catalog, Pages, Page, Stream(content), Font,
            "<< /Type /Outlines /First 7 0 R /Last 7 0 R /Count 2 >>",
            "<< /Title (Introduction) /Parent 6 0 R /First 8 0 R /Last 8 0 R /Count 1 /Dest [3 0 R /XYZ 72 740 0] >>",
            "<< /Title (Details) /Parent 7 0 R /Dest [3 0 R /XYZ 72 680 0] >>"]);
    }

    /// <summary>The Info dictionary's title is an array nested <paramref name="depth"/> deep.</summary>
    public static byte[] DeeplyNestedInfo(int depth) =>
        Build([Catalog, Pages, Page, Text, Font, "<< /Title " + new string('[', depth) + new string(']', depth) + " >>"], "/Info 6 0 R ");
}
