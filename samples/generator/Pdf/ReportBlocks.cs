using LongDoc.Samples.Generator.Facts;
using LongDoc.Samples.Generator.Prose;
using LongDoc.Samples.Generator.Report;

namespace LongDoc.Samples.Generator.Pdf;

/// <summary>Turns the report outline into blocks: numbered headings, filler paragraphs with the facts spliced in, the table.</summary>
public static class ReportBlocks
{
    public static List<Block> Build(IReadOnlyList<Chapter> chapters, ulong seed, double textWidth)
    {
        var rng = new Rng(seed);
        var blocks = new List<Block>();
        var bags = new Dictionary<string, ShuffleBag>();
        for (int c = 0; c < chapters.Count; c++)
        {
            var chapter = chapters[c];
            var heading = new HeadingBlock(1, $"{c + 1} {chapter.Title}");
            var body = new List<Block>();
            for (int s = 0; s < chapter.Sections.Count; s++)
            {
                var section = chapter.Sections[s];
                body.Add(new HeadingBlock(2, $"{c + 1}.{s + 1} {section.Title}"));
                var filler = new FillerWriter(section.Topic, rng, bags);
                body.AddRange(Paragraphs(section.Paragraphs, section.Facts, filler, rng));
                if (section.Table is { } t) body.Add(Table(t, textWidth));
                body.AddRange(Paragraphs(section.ParagraphsAfterTable, [], filler, rng));
            }
            if (chapter.TwoColumn) blocks.Add(new TwoColumnBlock(heading, body));
            else { blocks.Add(heading); blocks.AddRange(body); }
        }
        return blocks;
    }

    /// <summary>Fact k goes into paragraph (k+1) mod n, so facts rarely open a section, at a random sentence position.</summary>
    static IEnumerable<ParagraphBlock> Paragraphs(int paragraphs, IReadOnlyList<FactSpec> facts, FillerWriter filler, Rng rng)
    {
        var factsByParagraph = facts.Select((f, k) => (f, p: (k + 1) % paragraphs)).ToLookup(x => x.p, x => x.f);
        for (int p = 0; p < paragraphs; p++)
        {
            int count = rng.Between(4, 7);
            var sentences = Enumerable.Range(0, count).Select(_ => (Text: filler.Sentence(), Fact: (FactSpec?)null)).ToList();
            foreach (var fact in factsByParagraph[p]) sentences.Insert(rng.Between(1, sentences.Count), (fact.Render(), fact));
            yield return Join(sentences);
        }
    }

    static ParagraphBlock Join(List<(string Text, FactSpec? Fact)> sentences)
    {
        var text = new System.Text.StringBuilder();
        var spans = new List<FactSpan>();
        foreach (var (sentence, fact) in sentences)
        {
            if (text.Length > 0) text.Append(' ');
            if (fact is not null) spans.Add(new FactSpan(text.Length + fact.AnswerOffset, fact.Answer.Length, fact.Id));
            text.Append(sentence);
        }
        return new ParagraphBlock(text.ToString(), spans);
    }

    static TableBlock Table(TableSpec t, double textWidth)
    {
        var cellFacts = new Dictionary<(int, int), string>();
        foreach (var f in t.Facts)
        {
            if (t.Rows[f.Row][f.Column] != f.Spec.Answer)
                throw new InvalidOperationException($"Table fact '{f.Spec.Id}': cell ({f.Row},{f.Column}) is '{t.Rows[f.Row][f.Column]}', answer is '{f.Spec.Answer}'");
            cellFacts[(f.Row, f.Column)] = f.Spec.Id;
        }
        // First column (month names) a little wider than the numeric ones.
        double first = textWidth * 0.2, rest = (textWidth - first) / (t.Header.Length - 1);
        double[] widths = [first, .. Enumerable.Repeat(rest, t.Header.Length - 1)];
        return new TableBlock(t.Caption, t.Header, t.Rows, widths, cellFacts);
    }

    /// <summary>Every fact of the outline, in document order, for the ledger.</summary>
    public static IEnumerable<FactSpec> AllFacts(IReadOnlyList<Chapter> chapters) =>
        chapters.SelectMany(c => c.Sections).SelectMany(s => s.Facts.Concat(s.Table?.Facts.Select(f => f.Spec) ?? []));
}
