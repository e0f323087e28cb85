using LongDoc.Documents;
using LongDoc.Tasks.Languages;
using LongDoc.Tasks.Search;

namespace LongDoc.Tasks.Passages;

/// <summary>
/// Turns a document into passages (see <see cref="Passage"/>): sentences of prose blocks, rows of tables.
/// Headings are not passages (they are every passage's context), and neither are page furniture and tables of
/// contents (navigation: a contents row "2.3 Resupply and Shipping | 6" would otherwise match every question about
/// that section better than the section itself). A passage's context leaves out headings that only restate the
/// document's title. Sentences are cut by the rules of the document's language (<see cref="SentenceSplitter"/>).
/// </summary>
public static class PassageSplitter
{
    /// <summary>The passages of a document in its detected language (<see cref="LanguageDetection"/>).</summary>
    public static IReadOnlyList<Passage> Split(Document document) => Split(document, LanguageDetection.Detect(document).Language);

    public static IReadOnlyList<Passage> Split(Document document, Language language)
    {
        var passages = new List<Passage>();
        var title = new HashSet<string>(QueryTerms.Extract(document.Title, language));
        for (int b = 0; b < document.Blocks.Count; b++)
        {
            var block = document.Blocks[b];
            if (block.Kind is BlockKind.Heading or BlockKind.Header or BlockKind.Footer) continue;
            if (IsContents(block, document.PageCount)) continue;
            var context = SectionPath.Format([.. block.Section.Where(h => !Restates(title, h, language))]);
            if (block.Kind == BlockKind.Table) AddRows(passages, block, b, context);
            else
                foreach (var (s, e) in SentenceSplitter.Split(block.Text, language))
                    if (block.Text.AsSpan(s, e - s).ContainsAnyExcept(NotLetters)) Add(passages, block, b, s, e, context);
        }
        return passages;
    }

    // Row 0 of a table is taken as its header: it is searched with every row (so "precipitation in June" finds the
    // June row under "Precip. (mm)"), and is a passage itself too.
    static void AddRows(List<Passage> passages, Block block, int b, string context)
    {
        var lines = block.Text.Split('\n');
        string header = lines.Length > 1 ? lines[0] : "";
        int offset = 0;
        for (int r = 0; r < lines.Length; r++)
        {
            int length = lines[r].TrimEnd().Length;
            if (length > 0) Add(passages, block, b, offset, offset + length, r == 0 ? context : $"{context} {header}");
            offset += lines[r].Length + 1;
        }
    }

    // Prose without a single letter is a stray page number or list marker ("19", "3."), not something to quote.
    static readonly System.Buffers.SearchValues<char> NotLetters = System.Buffers.SearchValues.Create(
        [.. Enumerable.Range(0, 0x250).Select(i => (char)i).Where(c => !char.IsLetter(c))]);

    // A heading whose words are all in the title ("VELLMARK STATION" over the Vellmark report) restates the
    // document's subject: as context it would match every question that names the subject, in every passage.
    static bool Restates(HashSet<string> title, string heading, Language language) => QueryTerms.Extract(heading, language).All(title.Contains);

    /// <summary>A table of at least three rows, each ending in a page number of this document, in page order.</summary>
    public static bool IsContents(Block block, int pageCount)
    {
        if (block.Kind != BlockKind.Table || block.Rows is not { Count: >= 3 } rows) return false;
        int previous = 0;
        foreach (var row in rows)
        {
            if (row.Count < 2 || !int.TryParse(row[^1].Trim(), out int page) || page < previous || page > pageCount) return false;
            previous = page;
        }
        return true;
    }

    static void Add(List<Passage> passages, Block block, int b, int start, int end, string context)
    {
        var (first, last) = block.PagesOf(start, end);
        passages.Add(new Passage(passages.Count, block.Text[start..end], context, block.Start + start, block.Start + end,
            first, block.Section, b) { LastPage = last });
    }
}
