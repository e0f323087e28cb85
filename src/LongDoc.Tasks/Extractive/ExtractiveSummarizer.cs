using LongDoc.Documents;
using LongDoc.Tasks.Answers;
using LongDoc.Tasks.Languages;
using LongDoc.Tasks.Passages;
using LongDoc.Tasks.Search;
using LongDoc.Tasks.Structure;
using LongDoc.Tasks.Summaries;

namespace LongDoc.Tasks.Extractive;

/// <summary>
/// A summary without a model: the most informative sentences (<see cref="SentenceScorer"/>) quoted verbatim with
/// their pages, in document order, laid out along the heading outline. Sentences are cut, and their words weighed,
/// by the rules of the document's language (<see cref="LanguageDetection"/>).
/// brief: the best sentence of each of the best top-level sections, up to <see cref="BriefSentences"/>;
/// outline: every section with up to <see cref="OutlineSentences"/> of its own sentences;
/// bullets: every top-level section (chapter) with up to <see cref="BulletSentences"/> from anywhere inside it.
/// The document's <see cref="Apparatus"/> (contents, index, references, credits, formula lines) is never quoted.
/// </summary>
public static class ExtractiveSummarizer
{
    public const int BriefSentences = 6;
    public const int OutlineSentences = 2;
    public const int BulletSentences = 3;
    /// <summary>A sentence sharing more than this share of its words with one already chosen is a near-repeat.</summary>
    public const double MaximumOverlap = 0.5;

    sealed record Scored(Passage Passage, double Score, IReadOnlyList<string> Terms);

    public static Summary Summarize(Document document, SummaryStyle style)
    {
        // No text (scanned pages): no sections, which the renderings state as such.
        if (string.IsNullOrWhiteSpace(document.Text)) return new Summary(document.Title, document.Source, style, TaskMode.Extractive, document.PageCount, []);
        var language = LanguageDetection.Detect(document).Language;
        var passages = PassageSplitter.Split(document, language);
        // Table rows and the document's apparatus (contents, index, references, credits, formula lines) are not
        // quoted: they do not read as statements.
        var scores = SentenceScorer.Score(passages, language, p => document.Blocks[p.Block].Kind == BlockKind.Table
            || Apparatus.Of(p.Text, document.Blocks[p.Block].Kind, p.Section) != ApparatusKind.None);
        var scored = passages.Select((p, i) => new Scored(p, scores[i], QueryTerms.Extract(p.Text, language))).ToList();
        var sections = Outline.Sections(document);
        var sectionOf = new int[document.Blocks.Count];
        foreach (var s in sections) foreach (var b in s.Blocks) sectionOf[b] = s.Index;
        var bySection = sections.Select(s => scored.Where(x => sectionOf[x.Passage.Block] == s.Index).ToList()).ToList();
        var parts = style switch
        {
            SummaryStyle.Brief => Brief(document, sections, bySection),
            SummaryStyle.Outline => [.. sections.Select(s => Part(s, bySection[s.Index], OutlineSentences))],
            _ => [.. Chapters(sections).Select(c => Part(c[0], [.. c.SelectMany(s => bySection[s.Index])], BulletSentences))],
        };
        return new Summary(document.Title, document.Source, style, TaskMode.Extractive, document.PageCount, parts);
    }

    static IReadOnlyList<SummarySection> Brief(Document document, IReadOnlyList<Section> sections, List<List<Scored>> bySection)
    {
        var bests = Chapters(sections)
            .Select(c => Pick([.. c.SelectMany(s => bySection[s.Index])], 1))
            .Where(p => p.Count > 0).Select(p => p[0]).ToList();
        var chosen = Pick(bests, BriefSentences);
        // Fewer chapters than sentences wanted: fill up with the best of the rest, still without near-repeats.
        if (chosen.Count < BriefSentences)
            chosen = Pick([.. chosen, .. bySection.SelectMany(x => x).Where(x => !chosen.Contains(x))], BriefSentences, chosen.Count);
        return [new SummarySection(document.Title, 0, 1, Math.Max(1, document.PageCount), Points(chosen))];
    }

    static SummarySection Part(Section section, List<Scored> candidates, int count) =>
        new(section.Heading, section.Level, section.FirstPage, section.LastPage, Points(Pick(candidates, count)));

    // The highest scores first, skipping near-repeats and unscored passages; returned in document order.
    // The first `kept` candidates are taken before any other, whatever their scores.
    static List<Scored> Pick(List<Scored> candidates, int count, int kept = 0)
    {
        var chosen = new List<Scored>(candidates.Take(kept));
        foreach (var c in candidates.Skip(kept).Where(c => c.Score > 0).OrderByDescending(c => c.Score))
        {
            if (chosen.Count == count) break;
            if (chosen.All(x => SentenceScorer.Overlap(x.Terms, c.Terms) <= MaximumOverlap)) chosen.Add(c);
        }
        return [.. chosen.OrderBy(c => c.Passage.Index)];
    }

    static IReadOnlyList<SummaryPoint> Points(List<Scored> chosen) => [.. chosen.Select(c => new SummaryPoint(c.Passage.Text, c.Passage.Page) { LastPage = c.Passage.LastPage })];

    /// <summary>
    /// Top-level groups: each section of the shallowest heading level present, with the deeper sections after it.
    /// Sections before the first top-level heading (a preamble, a title page) form a group of their own.
    /// </summary>
    public static IReadOnlyList<IReadOnlyList<Section>> Chapters(IReadOnlyList<Section> sections)
    {
        var levels = sections.Where(s => s.Level > 0).Select(s => s.Level).ToList();
        int top = levels.Count > 0 ? levels.Min() : 0;
        var chapters = new List<List<Section>>();
        foreach (var s in sections)
        {
            if (chapters.Count == 0 || s.Level == top) chapters.Add([s]);
            else chapters[^1].Add(s);
        }
        return chapters;
    }
}
