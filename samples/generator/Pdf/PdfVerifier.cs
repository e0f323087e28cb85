using LongDoc.Samples.Generator.Facts;
using UglyToad.PdfPig;
using UglyToad.PdfPig.Outline;

namespace LongDoc.Samples.Generator.Pdf;

/// <summary>
/// Re-reads the written PDF with PdfPig and checks each fact: its answer is in the text of the page the
/// ledger gives, and on no other page, so a page citation for it is unambiguous.
/// </summary>
public static class PdfVerifier
{
    public static void Verify(byte[] pdf, IReadOnlyList<Fact> facts, string file, int minPages, string title, IReadOnlyList<OutlineEntry> outline)
    {
        using var doc = PdfDocument.Open(pdf);
        var texts = doc.GetPages().Select(p => p.Text).ToList();
        var errors = new List<string>();
        if (texts.Count < minPages) errors.Add($"has {texts.Count} pages, expected at least {minPages}");
        if (doc.Information.Title != title) errors.Add($"title metadata is '{doc.Information.Title}', expected '{title}'");
        if (!doc.TryGetBookmarks(out var bookmarks)) errors.Add("has no outline (bookmarks)");
        else
        {
            // GetNodes walks the tree depth-first, which is document order for our outline.
            var read = bookmarks.GetNodes().OfType<DocumentBookmarkNode>().Select(n => (n.Level + 1, n.Title, n.PageNumber)).ToList();
            var expected = outline.Select(e => (e.Level, e.Title, e.Page)).ToList();
            if (!read.SequenceEqual(expected)) errors.Add($"outline read back as {read.Count} entries that differ from the {expected.Count} written");
        }
        foreach (var f in facts)
        {
            if (f.Page is not int page) { errors.Add($"fact '{f.Id}' has no page"); continue; }
            if (!texts[page - 1].Contains(f.Answer, StringComparison.Ordinal))
                errors.Add($"fact '{f.Id}': answer \"{f.Answer}\" not found in the text of page {page}");
            var elsewhere = Enumerable.Range(1, texts.Count).Where(p => p != page && texts[p - 1].Contains(f.Answer, StringComparison.Ordinal)).ToList();
            if (elsewhere.Count > 0) errors.Add($"fact '{f.Id}': answer \"{f.Answer}\" also appears on page(s) {string.Join(", ", elsewhere)}");
        }
        if (errors.Count > 0) throw new InvalidOperationException($"{file} failed verification:\n  " + string.Join("\n  ", errors));
        Console.WriteLine($"verified {file}: {texts.Count} pages, {facts.Count} facts on their pages");
    }
}
