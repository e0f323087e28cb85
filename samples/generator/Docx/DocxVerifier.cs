using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Validation;
using DocumentFormat.OpenXml.Wordprocessing;
using LongDoc.Samples.Generator.Facts;

namespace LongDoc.Samples.Generator.Docx;

/// <summary>
/// Re-opens the DOCX and rebuilds each page's text (pages split at explicit page breaks; a footnote
/// counts on the page of its reference), then checks every fact is on its page and no other.
/// </summary>
public static class DocxVerifier
{
    public static void Verify(byte[] docx, IReadOnlyList<Fact> facts, string file, int minPages)
    {
        using var doc = WordprocessingDocument.Open(new MemoryStream(docx), false);
        var main = doc.MainDocumentPart ?? throw new InvalidOperationException($"{file}: no main document part");
        var footnotes = main.FootnotesPart?.Footnotes?.Elements<Footnote>().ToDictionary(f => f.Id!.Value, f => f.InnerText) ?? [];
        var pages = new List<System.Text.StringBuilder> { new() };
        foreach (var p in main.Document!.Body!.Descendants<Paragraph>())
        {
            foreach (var element in p.Descendants())
            {
                if (element is Text t) pages[^1].Append(t.Text);
                else if (element is FootnoteReference r) pages[^1].Append(' ').Append(footnotes[r.Id!.Value]);
                else if (element is Break { Type.Value: var type } && type == BreakValues.Page) pages.Add(new());
            }
            pages[^1].Append('\n');
        }
        var errors = new OpenXmlValidator().Validate(doc).Take(10)
            .Select(e => $"schema: {e.Description} at {e.Path?.XPath} in {e.Part?.Uri}").ToList();
        if (pages.Count < minPages) errors.Add($"has {pages.Count} pages (by explicit breaks), expected at least {minPages}");
        foreach (var f in facts)
        {
            var on = Enumerable.Range(1, pages.Count).Where(i => pages[i - 1].ToString().Contains(f.Answer, StringComparison.Ordinal)).ToList();
            if (on.Count != 1 || on[0] != f.Page)
                errors.Add($"fact '{f.Id}': answer \"{f.Answer}\" expected on page {f.Page} only, found on [{string.Join(", ", on)}]");
        }
        if (errors.Count > 0) throw new InvalidOperationException($"{file} failed verification:\n  " + string.Join("\n  ", errors));
        Console.WriteLine($"verified {file}: {pages.Count} pages, {facts.Count} facts on their pages");
    }
}
